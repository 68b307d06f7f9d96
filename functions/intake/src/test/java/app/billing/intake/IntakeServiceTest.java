package app.billing.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.config.StripeMode;
import app.billing.core.event.EventEnvelope;
import app.billing.core.port.EventQueue;
import app.billing.testkit.TestResources;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntakeServiceTest {
  static final String SUBSCRIPTION_CREATED = "events/intake/customer.subscription.created.json";
  static final String PRODUCT_CREATED = "events/intake/product.created-not-handled.json";

  record Sent(EventEnvelope envelope, String payload) {}

  final List<Sent> sent = new ArrayList<>();
  final EventQueue queue = (envelope, payload) -> sent.add(new Sent(envelope, payload));

  static JsonObject sample(String file) {
    return JsonParser.parseString(TestResources.read(file)).getAsJsonObject();
  }

  @Test
  void aHandledTypeIsEnqueuedAsTheWebhookWouldWithTheCustomerAsGroupAndTheEventIdForDedup() {
    JsonObject event = sample(SUBSCRIPTION_CREATED);

    IntakeOutcome outcome = new IntakeService(queue, StripeMode.TEST).receive(event.toString());

    assertThat(outcome)
        .isEqualTo(
            new IntakeOutcome(
                IntakeOutcome.Kind.ENQUEUED,
                "evt_1GYkOASb7kQ2wLn5edYUVePb",
                "customer.subscription.created"));
    assertThat(sent).hasSize(1);
    EventEnvelope envelope = sent.getFirst().envelope();
    assertThat(envelope.orderingKey()).as("FIFO group").isEqualTo("cus_1BREyS0ms3pllo");
    assertThat(envelope.id()).as("deduplication id").isEqualTo("evt_1GYkOASb7kQ2wLn5edYUVePb");
    // The message body is the Stripe event itself, not the EventBridge envelope.
    assertThat(JsonParser.parseString(sent.getFirst().payload()))
        .isEqualTo(event.getAsJsonObject("detail"));
  }

  @Test
  void theEnqueuedBodyKeepsNullsAndNumbersAsWritten() {
    String json =
        TestResources.read(SUBSCRIPTION_CREATED)
            .replace("\"detail\": {", "\"detail\": {\"percent\": 8.250, \"x_absent\": null,");

    new IntakeService(queue, StripeMode.TEST).receive(json);

    assertThat(sent.getFirst().payload())
        .contains("\"percent\":8.250")
        .contains("\"x_absent\":null")
        .contains("\"created\":1788271435");
  }

  @Test
  void anUnhandledTypeIsDroppedWithoutEnqueueing() {
    IntakeOutcome outcome =
        new IntakeService(queue, StripeMode.TEST).receive(sample(PRODUCT_CREATED).toString());

    assertThat(outcome.kind()).isEqualTo(IntakeOutcome.Kind.IGNORED);
    assertThat(sent).isEmpty();
  }

  @Test
  void anEventOfTheOtherModeIsDroppedWithoutEnqueueing() {
    IntakeOutcome outcome =
        new IntakeService(queue, StripeMode.LIVE).receive(sample(SUBSCRIPTION_CREATED).toString());

    assertThat(outcome.kind()).isEqualTo(IntakeOutcome.Kind.OTHER_MODE);
    assertThat(sent).isEmpty();
  }

  @Test
  void malformedEventsThrowANamedErrorAndEnqueueNothing() {
    JsonObject wrongSource = sample(SUBSCRIPTION_CREATED);
    wrongSource.addProperty("source", "aws.partner/example.com/evil");
    JsonObject noDetail = sample(SUBSCRIPTION_CREATED);
    noDetail.remove("detail");
    JsonObject notAStripeEvent = sample(SUBSCRIPTION_CREATED);
    notAStripeEvent.getAsJsonObject("detail").addProperty("id", "not-an-event-id");
    JsonObject typeMismatch = sample(SUBSCRIPTION_CREATED);
    typeMismatch.addProperty("detail-type", "invoice.paid");
    String tooLarge =
        sample(SUBSCRIPTION_CREATED)
            .toString()
            .replace(
                "\"version\":\"0\"",
                "\"pad\":\"" + "x".repeat(IntakeService.MAX_EVENT_BYTES) + "\",\"version\":\"0\"");

    IntakeService service = new IntakeService(queue, StripeMode.TEST);
    List<String> cases =
        List.of(
            "",
            "{not json",
            "[1,2]",
            wrongSource.toString(),
            noDetail.toString(),
            notAStripeEvent.toString(),
            typeMismatch.toString(),
            tooLarge);
    List<String> reasons =
        List.of(
            "empty event",
            "not valid JSON",
            "not a JSON object",
            "source is not a Stripe partner event source",
            "no detail object",
            "detail is not a valid Stripe event",
            "detail-type does not match",
            "over EventBridge's");
    for (int i = 0; i < cases.size(); i++) {
      String json = cases.get(i);
      assertThatThrownBy(() -> service.receive(json))
          .isInstanceOf(MalformedIntakeEventException.class)
          .hasMessageContaining(reasons.get(i));
    }
    assertThat(sent).isEmpty();
  }

  @Test
  void aQueueFailurePropagatesSoTheInvocationFailsAndIsRetried() {
    EventQueue down =
        (envelope, payload) -> {
          throw new EventQueue.QueueUnavailableException("SQS down", null);
        };

    assertThatThrownBy(
            () ->
                new IntakeService(down, StripeMode.TEST)
                    .receive(sample(SUBSCRIPTION_CREATED).toString()))
        .isInstanceOf(EventQueue.QueueUnavailableException.class);
  }
}
