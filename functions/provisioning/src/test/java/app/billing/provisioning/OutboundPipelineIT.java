package app.billing.provisioning;

import static app.billing.testkit.story.Story.CREDITS_PURCHASED;
import static app.billing.testkit.story.Story.FIRST_INVOICE_PAID;
import static app.billing.testkit.story.Story.TRIAL_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.provisioning.handler.ProvisioningHandler;
import app.billing.testkit.LocalAws;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Provisioning's handler as wired for Lambda, with an outbound bus: the outbox on DynamoDB
 * (dynalite), a bus that fails once. A failed publish returns every message of the batch; the
 * redelivered batch publishes what the outbox still owes, once.
 */
class OutboundPipelineIT extends PipelineTestSupport {
  static final String BUS = "billing-events";

  /** EventBridge that refuses the first {@code failures} calls as a 500 would. */
  static final class FakeEventBridge implements EventBridgeClient {
    final List<PutEventsRequestEntry> accepted = new ArrayList<>();
    int failures;

    @Override
    public PutEventsResponse putEvents(PutEventsRequest request) {
      if (failures > 0) {
        failures--;
        throw EventBridgeException.builder().statusCode(500).message("internal").build();
      }
      accepted.addAll(request.entries());
      return PutEventsResponse.builder().failedEntryCount(0).build();
    }

    List<String> types() {
      return accepted.stream().map(PutEventsRequestEntry::detailType).toList();
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }

  @Test
  void aFailedPublishReturnsTheBatchAndTheRetryPublishesEachChangeOnce() {
    String table = pipeline.newTable();
    FakeEventBridge bus = new FakeEventBridge();
    ProvisioningConfig config =
        ProvisioningConfig.fromEnvironment(
            Map.of(
                "BILLING_TABLE",
                table,
                "STRIPE_SECRET_KEY",
                "sk_test_local",
                "STRIPE_API_BASE",
                pipeline.stripe.baseUrl(),
                "EMAIL_FROM",
                "Acme Billing <billing@acme.test>",
                "APP_BILLING_URL",
                "https://app.acme.test/billing",
                "CHECKOUT_TOKEN_KEY",
                StoryEvents.TOKEN_KEY,
                "EVENT_BUS_NAME",
                BUS));
    ProvisioningHandler handler =
        ProvisioningWiring.build(
            config,
            new ProvisioningWiring.Clients(
                pipeline.dynamo,
                LocalAws.configure(SesV2Client.builder(), pipeline.ses.endpoint()).build(),
                ProvisioningWiring.stripeClient(config),
                bus),
            Clock.systemUTC());
    SQSEvent batch =
        Pipeline.batch(
            StoryEvents.events(List.of(TRIAL_STARTED, FIRST_INVOICE_PAID, CREDITS_PURCHASED)));
    List<String> messageIds =
        batch.getRecords().stream().map(SQSEvent.SQSMessage::getMessageId).toList();
    bus.failures = 1;

    SQSBatchResponse failed = handler.handleRequest(batch, null);

    assertThat(failed.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactlyElementsOf(messageIds);
    assertThat(bus.accepted).isEmpty();

    SQSBatchResponse retried = handler.handleRequest(batch, null);

    assertThat(retried.getBatchItemFailures()).isEmpty();
    assertThat(bus.types())
        .containsExactlyInAnyOrder(
            "billing.subscription.changed",
            "billing.access.changed",
            "billing.payment.succeeded",
            "billing.purchase.completed");
    assertThat(bus.accepted).allSatisfy(e -> assertThat(e.eventBusName()).isEqualTo(BUS));

    // Marked published: SQS delivering the batch once more publishes nothing.
    assertThat(handler.handleRequest(batch, null).getBatchItemFailures()).isEmpty();
    assertThat(bus.accepted).hasSize(4);
  }
}
