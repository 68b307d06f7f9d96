package app.billing.local;

import static app.billing.local.RunningStack.status;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.event.HandledEventTypes;
import app.billing.local.RunningStack.Response;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stripe → Amazon EventBridge → intake function → the FIFO queue → provisioning, over the local
 * stack's HTTP API: with the webhook down, the stand-in's events of a checkout are replayed through
 * {@code POST /_local/eventbridge} and the tenant gets the subscription as if the webhook had
 * delivered them; replaying them all again changes nothing.
 */
class EventBridgeIntakeE2ET {
  static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  @AutoClose private static RunningStack stack;

  @BeforeAll
  static void start() {
    // No scheduled reconciler run: only the EventBridge path may bring the events in.
    stack = RunningStack.start("eventbridge-intake", Map.of("RECONCILE_INTERVAL_SECONDS", "0"));
  }

  @Test
  void aCheckoutsEventsReplayedThroughEventBridgeProvisionTheSubscriptionOnce() {
    assertThat(stack.post("/_local/outage", JSON, "{\"on\":true}").status()).isEqualTo(200);
    String checkoutUrl = stack.checkout("{\"plan\":\"pro\",\"billing_cycle\":\"monthly\"}");
    assertThat(stack.postForm(checkoutUrl + "/pay", Map.of()).status()).isEqualTo(303);
    List<JsonObject> events =
        RunningStack.await(
            "the checkout's events, refused by the webhook",
            EventBridgeIntakeE2ET::handledEvents,
            list ->
                list.stream()
                    .map(e -> e.get("type").getAsString())
                    .toList()
                    .containsAll(
                        List.of(
                            "checkout.session.completed",
                            "customer.subscription.created",
                            "invoice.paid")));
    assertThat(stack.subscription().get("status").getAsString()).isEqualTo("none");

    for (JsonObject event : events) {
      Response replay = stack.post("/_local/eventbridge", JSON, event.toString());
      assertThat(replay.status()).as(replay.body()).isEqualTo(200);
      assertThat(replay.object().get("outcome").getAsString()).isEqualTo("enqueued");
      assertThat(replay.object().get("eventId").getAsString())
          .isEqualTo(event.get("id").getAsString());
    }

    JsonObject active = stack.awaitSubscription("active", status("active"));
    assertThat(active.get("plan").getAsString()).isEqualTo("pro");
    RunningStack.await(
        "one welcome email", () -> stack.emailsWithSubject("Welcome to Acme Pro"), n -> n == 1);
    stack.awaitQueueDrained();
    JsonObject before = stack.subscription();
    int emails = stack.emails().size();

    // The same events again (EventBridge delivers at least once): applied once.
    for (JsonObject event : events) {
      assertThat(stack.post("/_local/eventbridge", JSON, event.toString()).status()).isEqualTo(200);
    }
    stack.awaitQueueDrained();
    assertThat(stack.subscription()).isEqualTo(before);
    assertThat(stack.emails().size()).isEqualTo(emails);
    assertThat(stack.emailsWithSubject("Welcome to Acme Pro")).isEqualTo(1);
    assertThat(stack.dlq()).isEmpty();
  }

  @Test
  void whatTheIntakeRefusesIsAnsweredAndNeverEnqueued() {
    Response notAnEvent = stack.post("/_local/eventbridge", JSON, "{\"object\":\"customer\"}");
    assertThat(notAnEvent.status()).isEqualTo(400);
    assertThat(notAnEvent.errorCode()).isEqualTo("malformed_event");

    JsonObject foreign = new JsonObject();
    foreign.addProperty("source", "aws.partner/example.com/x");
    foreign.add("detail", new JsonObject());
    assertThat(stack.post("/_local/eventbridge", JSON, foreign.toString()).errorCode())
        .isEqualTo("malformed_event");
    assertThat(stack.post("/_local/eventbridge", JSON, "[").status()).isEqualTo(400);
  }

  private static List<JsonObject> handledEvents() {
    return stack.webhookDeliveries().asList().stream()
        .map(JsonElement::getAsJsonObject)
        .filter(d -> HandledEventTypes.isHandled(d.get("type").getAsString()))
        .map(d -> d.getAsJsonObject("event"))
        .toList();
  }
}
