package app.billing.local;

import static app.billing.local.RunningStack.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tenant subscribes through our checkout, then gets a second subscription outside it (created in
 * the Dashboard for the same customer). Cancelling the second leaves the first in charge: {@code
 * GET /billing/subscription} shows full access and lists both with their statuses.
 */
class SeveralSubscriptionsE2ET {
  private static final String PRO_MONTHLY = "price_14K14PSb7kQ2wLn5JNF92G3q";

  @AutoClose private static RunningStack stack;
  private static StackEndpoints endpoints;

  @BeforeAll
  static void start() {
    stack = RunningStack.start("several-subscriptions", Map.of());
    endpoints = StackEndpoints.of(stack);
  }

  @Test
  void cancellingOneOfTwoSubscriptionsKeepsFullAccessAndListsBoth() throws Exception {
    String checkoutUrl = stack.checkout("{\"plan\":\"starter\",\"billing_cycle\":\"monthly\"}");
    assertThat(stack.postForm(checkoutUrl + "/pay", Map.of()).status()).isEqualTo(303);
    JsonObject first = stack.awaitSubscription("trialing starter", status("trialing"));
    String customer = first.get("stripe_customer_id").getAsString();
    String starterId = only(first).get("id").getAsString();

    // A second subscription for the same customer, made outside our checkout.
    StripeClient stripe = RecoveryFixtures.stripe(endpoints);
    Session session =
        stripe
            .v1()
            .checkout()
            .sessions()
            .create(
                SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                    .setCustomer(customer)
                    .addLineItem(
                        SessionCreateParams.LineItem.builder()
                            .setPrice(PRO_MONTHLY)
                            .setQuantity(1L)
                            .build())
                    .setSuccessUrl(stack.url("/?checkout=success"))
                    .build());
    assertThat(stack.postForm(session.getUrl() + "/pay", Map.of()).status()).isEqualTo(303);
    JsonObject both =
        stack.awaitSubscription(
            "two subscriptions", s -> s.getAsJsonArray("subscriptions").size() == 2);
    String proId =
        both.getAsJsonArray("subscriptions").asList().stream()
            .map(JsonElement::getAsJsonObject)
            .filter(s -> "pro".equals(s.get("plan").getAsString()))
            .findFirst()
            .orElseThrow()
            .get("id")
            .getAsString();

    stripe.v1().subscriptions().cancel(proId);

    JsonObject after =
        stack.awaitSubscription(
            "the pro subscription canceled",
            s ->
                statusOf(s, proId).equals("canceled") && statusOf(s, starterId).equals("trialing"));
    assertThat(after.get("access").getAsString()).isEqualTo("full");
    assertThat(after.get("status").getAsString()).isEqualTo("trialing");
    assertThat(after.get("plan").getAsString()).isEqualTo("starter");
    assertThat(after.getAsJsonArray("subscriptions").asList())
        .extracting(s -> s.getAsJsonObject().get("access").getAsString())
        .containsExactlyInAnyOrder("full", "none");
    // A third checkout through the API is still refused while the starter one is live.
    assertThat(stack.postJsonWithKey("/billing/checkout", "{\"plan\":\"pro\"}").status())
        .isEqualTo(409);
    stack.awaitQueueDrained();
    assertThat(stack.dlq()).isEmpty();
  }

  private static JsonObject only(JsonObject view) {
    List<JsonElement> subscriptions = view.getAsJsonArray("subscriptions").asList();
    assertThat(subscriptions).hasSize(1);
    return subscriptions.get(0).getAsJsonObject();
  }

  private static String statusOf(JsonObject view, String subscriptionId) {
    return view.getAsJsonArray("subscriptions").asList().stream()
        .map(JsonElement::getAsJsonObject)
        .filter(s -> subscriptionId.equals(s.get("id").getAsString()))
        .map(s -> s.get("status").getAsString())
        .findFirst()
        .orElse("missing");
  }
}
