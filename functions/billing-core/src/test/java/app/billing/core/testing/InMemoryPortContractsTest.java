package app.billing.core.testing;

import app.billing.core.port.Credits;
import app.billing.core.port.CustomerLinks;
import app.billing.core.port.EmailGuards;
import app.billing.core.port.FailedEvents;
import app.billing.core.port.VersionedRecords;
import app.billing.core.port.contract.BatchWriterContract;
import app.billing.core.port.contract.CreditsContract;
import app.billing.core.port.contract.CustomerLinksContract;
import app.billing.core.port.contract.EmailGuardsContract;
import app.billing.core.port.contract.FailedEventsContract;
import app.billing.core.port.contract.SubscriptionRecordsContract;
import org.junit.jupiter.api.Nested;

/** The port contracts against {@link InMemoryBillingStore}. */
class InMemoryPortContractsTest {

  @Nested
  class CreditsOfTheFake extends CreditsContract {
    @Override
    protected Credits credits() {
      return new InMemoryBillingStore();
    }
  }

  @Nested
  class EmailGuardsOfTheFake extends EmailGuardsContract {
    @Override
    protected EmailGuards emailGuards() {
      return new InMemoryBillingStore(LEASE);
    }
  }

  @Nested
  class FailedEventsOfTheFake extends FailedEventsContract {
    @Override
    protected FailedEvents failedEvents() {
      return new InMemoryBillingStore();
    }
  }

  @Nested
  class CustomerLinksOfTheFake extends CustomerLinksContract {
    @Override
    protected CustomerLinks customerLinks() {
      return new InMemoryBillingStore();
    }
  }

  @Nested
  class BatchWriterOfTheFake extends BatchWriterContract {
    @Override
    protected Store store() {
      InMemoryBillingStore store = new InMemoryBillingStore();
      return new Store(store, store);
    }
  }

  @Nested
  class SubscriptionRecordsOfTheFake extends SubscriptionRecordsContract {
    @Override
    protected VersionedRecords records() {
      return new InMemoryBillingStore();
    }
  }
}
