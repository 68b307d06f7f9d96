package app.billing.local;

import static app.billing.local.RunningStack.status;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.event.EventEnvelope;
import app.billing.core.event.EventEnvelopeReader;
import app.billing.core.event.HandledEventTypes;
import app.billing.core.event.NotAStripeEventException;
import app.billing.local.RunningStack.Response;
import app.billing.sqs.SqsEventQueue;
import app.billing.testkit.LocalAws;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The webhook endpoint is down while a customer subscribes, renews and fails a renewal: Stripe's
 * deliveries get 503 and stay undelivered. One reconciler run puts the events back on the queue,
 * and the tenant ends with the records, payments and emails of an undisturbed run, each email once.
 * When the endpoint comes back and Stripe's retries deliver the same events again, nothing changes;
 * nor when they all come again after SQS's 5-minute deduplication window. Everything over the local
 * stack's HTTP API.
 */
class OutageRecoveryE2ET {
  /** No scheduled runs: the test decides when the reconciler runs. */
  static final Map<String, String> ENV = Map.of("RECONCILE_INTERVAL_SECONDS", "0");

  @Test
  void anOutageStoryRestoredByOneReconcilerRunEqualsAnUndisturbedStory() {
    Map<String, Object> undisturbed;
    try (RunningStack stack = RunningStack.start("outage-baseline", ENV)) {
      story(stack);
      stack.awaitSubscription("past_due", status("past_due"));
      RunningStack.await("three emails", () -> stack.emails().size(), n -> n == 3);
      stack.awaitQueueDrained();
      undisturbed = view(stack);
      assertThat(reconcile(stack).get("eventsMissing").getAsInt())
          .as("nothing was missing")
          .isZero();
    }

    try (RunningStack stack = RunningStack.start("outage", ENV)) {
      Response on =
          stack.post("/_local/outage", Map.of("Content-Type", "application/json"), "{\"on\":true}");
      assertThat(on.status()).isEqualTo(200);
      assertThat(on.object().get("on").getAsBoolean()).isTrue();

      story(stack);
      RunningStack.await(
          "every delivery refused",
          stack::webhookDeliveries,
          deliveries ->
              deliveries.size() >= 8
                  && deliveries.asList().stream().allMatch(d -> statuses(d).contains(503)));
      assertThat(stack.webhookDeliveries().asList())
          .noneMatch(d -> d.getAsJsonObject().get("delivered").getAsBoolean());
      assertThat(stack.subscription().get("status").getAsString())
          .as("nothing arrived")
          .isEqualTo("none");
      assertThat(stack.emails()).isEmpty();

      // One run, while the endpoint is still down: the events go straight onto the queue.
      JsonObject report = reconcile(stack);
      int handled =
          (int)
              stack.webhookDeliveries().asList().stream()
                  .map(d -> d.getAsJsonObject().get("type").getAsString())
                  .filter(HandledEventTypes::isHandled)
                  .count();
      assertThat(report.get("eventsEnqueued").getAsInt()).isEqualTo(handled);
      assertThat(report.get("eventsMissing").getAsInt()).isGreaterThanOrEqualTo(handled);
      assertThat(report.get("walkFinished").getAsBoolean()).isTrue();
      stack.awaitSubscription("past_due", status("past_due"));
      RunningStack.await("three emails", () -> stack.emails().size(), n -> n == 3);
      stack.awaitQueueDrained();
      assertThat(view(stack)).isEqualTo(undisturbed);

      // The endpoint comes back: the stand-in's retries deliver the same events again. Harmless.
      stack.post("/_local/outage", Map.of("Content-Type", "application/json"), "{\"on\":false}");
      RunningStack.await(
          "a retried delivery acknowledged",
          stack::webhookDeliveries,
          deliveries ->
              deliveries.asList().stream()
                  .anyMatch(d -> d.getAsJsonObject().get("delivered").getAsBoolean()));
      RunningStack.sleep(3_000);
      stack.awaitQueueDrained();
      assertThat(view(stack)).as("replays change nothing, send nothing").isEqualTo(undisturbed);

      // SQS forgets a deduplication id after 5 minutes: a replay later than that (another
      // reconciler run,
      // a redrive) reaches provisioning. Its versioned writes and email guards make it change
      // nothing.
      replayPastTheDeduplicationWindow(stack);
      stack.awaitQueueDrained();
      assertThat(view(stack))
          .as("late replays change nothing, send nothing")
          .isEqualTo(undisturbed);
      assertThat(stack.dlq()).isEmpty();
    }
  }

  /** Checkout and pay (a trial), the first renewal paid, the next one failed. */
  private static void story(RunningStack stack) {
    String checkout = stack.checkout("{\"plan\":\"starter\",\"billing_cycle\":\"monthly\"}");
    assertThat(stack.postForm(checkout + "/pay", Map.of()).status()).isEqualTo(303);
    String portal = stack.portal();
    assertThat(stack.postForm(portal + "/simulate-renewal", Map.of()).status()).isEqualTo(303);
    assertThat(stack.postForm(portal + "/simulate-failed-renewal", Map.of()).status())
        .isEqualTo(303);
  }

  /**
   * Every handled event of the story again, as SQS would pass it on once its 5-minute window is
   * over.
   */
  private static void replayPastTheDeduplicationWindow(RunningStack stack) {
    Matcher endpoint =
        Pattern.compile("SQS \\(ElasticMQ\\)\\s+(http://127\\.0\\.0\\.1:\\d+)")
            .matcher(stack.banner());
    assertThat(endpoint.find()).isTrue();
    try (SqsClient sqs =
        LocalAws.configure(SqsClient.builder(), URI.create(endpoint.group(1))).build()) {
      String queueUrl = sqs.getQueueUrl(r -> r.queueName(LocalStack.QUEUE_NAME)).queueUrl();
      int replayed = 0;
      for (JsonElement delivery : stack.webhookDeliveries()) {
        String payload = delivery.getAsJsonObject().getAsJsonObject("event").toString();
        EventEnvelope envelope = EventEnvelopeReader.read(payload);
        if (!HandledEventTypes.isHandled(envelope.type())) {
          continue;
        }
        sqs.sendMessage(
            r ->
                r.queueUrl(queueUrl)
                    .messageGroupId(envelope.orderingKey())
                    .messageDeduplicationId(envelope.id() + ":after-the-window")
                    .messageBody(payload)
                    .messageAttributes(
                        Map.of(
                            SqsEventQueue.ATTRIBUTE_EVENT_ID,
                            MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue(envelope.id())
                                .build())));
        replayed++;
      }
      assertThat(replayed).isGreaterThanOrEqualTo(8);
    } catch (NotAStripeEventException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonObject reconcile(RunningStack stack) {
    Response response = stack.post("/_local/reconcile", Map.of(), "");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.object();
  }

  private static List<Integer> statuses(JsonElement delivery) {
    return delivery.getAsJsonObject().getAsJsonArray("response_statuses").asList().stream()
        .map(JsonElement::getAsInt)
        .toList();
  }

  /** What the tenant sees, without the ids and times that differ between two stacks. */
  private static Map<String, Object> view(RunningStack stack) {
    Map<String, Object> view = new TreeMap<>();
    JsonObject subscription = stack.subscription();
    for (String field :
        List.of(
            "status", "plan", "access", "cancel_at_period_end", "credits_balance", "features")) {
      view.put("subscription." + field, String.valueOf(subscription.get(field)));
    }
    Response payments = stack.getWithKey("/billing/payments");
    assertThat(payments.status()).isEqualTo(200);
    view.put(
        "payments",
        payments.object().getAsJsonArray("data").asList().stream()
            .map(
                p ->
                    p.getAsJsonObject().get("status").getAsString()
                        + " "
                        + p.getAsJsonObject().get("amount").getAsLong()
                        + " "
                        + p.getAsJsonObject().get("currency").getAsString())
            .sorted()
            .toList());
    view.put(
        "emails",
        stack.emails().asList().stream()
            .map(
                e ->
                    e.getAsJsonObject().get("to").getAsString()
                        + ": "
                        + e.getAsJsonObject().get("subject").getAsString())
            .sorted()
            .collect(Collectors.toList()));
    return view;
  }
}
