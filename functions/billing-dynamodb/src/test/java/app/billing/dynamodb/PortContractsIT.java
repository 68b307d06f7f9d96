package app.billing.dynamodb;

import app.billing.core.port.Credits;
import app.billing.core.port.EmailGuards;
import app.billing.core.port.FailedEvents;
import app.billing.core.port.VersionedRecords;
import app.billing.core.port.contract.CreditsContract;
import app.billing.core.port.contract.EmailGuardsContract;
import app.billing.core.port.contract.FailedEventsContract;
import app.billing.core.port.contract.SubscriptionRecordsContract;
import app.billing.testkit.DynamoOnDynalite;
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
  class DynamoSubscriptionRecordsContract extends SubscriptionRecordsContract {
    @Override
    protected VersionedRecords records() {
      return new DynamoVersionedRecords(DYNAMO.client(), DYNAMO.freshTable());
    }
  }
}
