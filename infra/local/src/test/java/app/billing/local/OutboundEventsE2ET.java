package app.billing.local;

import static app.billing.local.RunningStack.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A paid checkout tells the host app through the outbound bus ({@code /_local/outbound}): the
 * subscription, the access it grants and the payment, each once, however often Stripe redelivers.
 */
class OutboundEventsE2ET {
  static final String SUBSCRIPTION_CHANGED = "billing.subscription.changed";
  static final String ACCESS_CHANGED = "billing.access.changed";
  static final String PAYMENT_SUCCEEDED = "billing.payment.succeeded";

  @AutoClose private static RunningStack stack;

  @BeforeAll
  static void start() {
    stack = RunningStack.start("outbound", Map.of());
  }

  @Test
  void aPaidCheckoutPublishesEachChangeOnceEvenWhenStripeRedelivers() {
    String checkoutUrl = stack.checkout("{\"plan\":\"pro\",\"billing_cycle\":\"monthly\"}");
    assertThat(stack.postForm(checkoutUrl + "/pay", Map.of()).status()).isEqualTo(303);
    stack.awaitSubscription("active", status("active"));
    stack.awaitQueueDrained();
    Map<String, Long> published =
        RunningStack.await(
            "the checkout's outbound events",
            OutboundEventsE2ET::countsByType,
            counts ->
                counts.containsKey(SUBSCRIPTION_CHANGED)
                    && counts.containsKey(ACCESS_CHANGED)
                    && counts.containsKey(PAYMENT_SUCCEEDED));
    assertThat(published)
        .containsEntry(SUBSCRIPTION_CHANGED, 1L)
        .containsEntry(ACCESS_CHANGED, 1L)
        .containsEntry(PAYMENT_SUCCEEDED, 1L);

    JsonObject access = outbound(ACCESS_CHANGED).get(0);
    assertThat(access.get("tenantId").getAsString()).isEqualTo(stack.info().tenantId());
    assertThat(access.getAsJsonObject("before").get("access").getAsString()).isEqualTo("none");
    JsonObject after = access.getAsJsonObject("after");
    assertThat(after.get("access").getAsString()).isEqualTo("full");
    assertThat(after.get("plan").getAsString()).isEqualTo("pro");
    assertThat(after.getAsJsonArray("features")).isNotEmpty();
    assertThat(access.get("stripeEventId").getAsString()).startsWith("evt_");
    assertThat(access.getAsJsonObject("version").get("created").getAsLong()).isPositive();

    // Stripe redelivers every event of the checkout (at least once): the records are already
    // stored, the outbox says their events went out, so nothing is published again.
    List<JsonObject> delivered =
        stack.webhookDeliveries().asList().stream()
            .map(d -> d.getAsJsonObject().getAsJsonObject("event"))
            .toList();
    assertThat(delivered).hasSizeGreaterThanOrEqualTo(5);
    for (JsonObject event : delivered) {
      assertThat(stack.deliverWebhook(event.toString()).status()).isEqualTo(200);
    }
    stack.awaitQueueDrained();
    assertThat(countsByType()).isEqualTo(published);
    assertThat(stack.dlq()).isEmpty();
  }

  private static Map<String, Long> countsByType() {
    Map<String, Long> counts = new TreeMap<>();
    for (JsonElement entry : stack.get("/_local/outbound").json().getAsJsonArray()) {
      counts.merge(entry.getAsJsonObject().get("detailType").getAsString(), 1L, Long::sum);
    }
    return counts;
  }

  private static List<JsonObject> outbound(String detailType) {
    return stack.get("/_local/outbound").json().getAsJsonArray().asList().stream()
        .map(JsonElement::getAsJsonObject)
        .filter(e -> e.get("detailType").getAsString().equals(detailType))
        .map(e -> e.getAsJsonObject("detail"))
        .toList();
  }
}
