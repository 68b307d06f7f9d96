package app.billing.dynamodb;

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
import app.billing.testkit.DynamoOnDynalite;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The port contracts against the DynamoDB adapters on dynalite, a fresh table per test. */
class PortContractsIT {
  @RegisterExtension
  static final DynamoOnDynalite DYNAMO =
      new DynamoOnDynalite("billing-", BillingTable::createIfMissing);

  @Nested
  class DynamoCreditsContract extends CreditsContract {
    @Override
    protected Credits credits() {
      return new DynamoCredits(DYNAMO.client(), DYNAMO.freshTable());
    }
  }

  @Nested
  class DynamoEmailGuardsContract extends EmailGuardsContract {
    @Override
    protected EmailGuards emailGuards() {
      return new DynamoEmailGuards(
          DYNAMO.client(), DYNAMO.freshTable(), LEASE, DynamoBillingStore.DEFAULT_EMAIL_GUARD_TTL);
    }
  }

  @Nested
  class DynamoFailedEventsContract extends FailedEventsContract {
    @Override
    protected FailedEvents failedEvents() {
      return new DynamoFailedEvents(DYNAMO.client(), DYNAMO.freshTable());
    }
  }

  @Nested
  class DynamoCustomerLinksContract extends CustomerLinksContract {
    @Override
    protected CustomerLinks customerLinks() {
      return new DynamoCustomerLinks(DYNAMO.client(), DYNAMO.freshTable());
    }
  }

  @Nested
  class DynamoBatchWriterContract extends BatchWriterContract {
    @Override
    protected Store store() {
      String table = DYNAMO.freshTable();
      DynamoEmailGuards guards =
          new DynamoEmailGuards(
              DYNAMO.client(),
              table,
              Duration.ofMinutes(2),
              DynamoBillingStore.DEFAULT_EMAIL_GUARD_TTL);
      return new Store(
          new DynamoBatchWriter(DYNAMO.client(), table, Duration.ofDays(90), guards), guards);
    }
  }

  @Nested
  class DynamoSubscriptionRecordsContract extends SubscriptionRecordsContract {
    @Override
    protected VersionedRecords records() {
      return new DynamoVersionedRecords(DYNAMO.client(), DYNAMO.freshTable());
    }
  }
}
