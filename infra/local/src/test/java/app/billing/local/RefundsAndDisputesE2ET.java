package app.billing.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.local.RunningStack.Response;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A workshop bought in the local stack, refunded through the stand-in's {@code /_local} action;
 * another one disputed and lost: the payment shows it, its credits are taken back, the refund
 * receipt is captured once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RefundsAndDisputesE2ET {
  @AutoClose private static RunningStack stack;

  @BeforeAll
  static void start() {
    stack = RunningStack.start("refunds", Map.of());
  }

  @Test
  @Order(1)
  void aRefundedPurchaseShowsRefundedTakesItsCreditsBackAndSendsOneReceipt() {
    String chargeId = buyWorkshop(5);

    Response refund = stack.postForm("/_local/stripe/charges/" + chargeId + "/refund", Map.of());
    assertThat(refund.status()).as(refund.body()).isEqualTo(200);

    JsonObject payment = awaitPayment(chargeId, p -> "refunded".equals(string(p, "status")));
    assertThat(payment.get("amount_refunded").getAsLong()).isEqualTo(29_900);
    assertThat(string(payment, "payment_intent")).startsWith("pi_");
    stack.awaitSubscription("credits back to 0", s -> s.get("credits_balance").getAsLong() == 0);
    RunningStack.await(
        "the refund receipt",
        () -> stack.emailsWithSubject("Refund of $299.00 for Onboarding workshop"),
        n -> n == 1);

    // Stripe delivers the refund's events again: nothing changes, no second receipt.
    stack.deliverWebhook(stack.lastEvent("refund.updated").toString());
    stack.deliverWebhook(stack.lastEvent("charge.refunded").toString());
    stack.awaitQueueDrained();
    assertThat(stack.emailsWithSubject("Refund of $299.00")).isEqualTo(1);
    assertThat(stack.subscription().get("credits_balance").getAsLong()).isZero();
    assertThat(stack.dlq()).isEmpty();
  }

  @Test
  @Order(2)
  void aLostDisputeShowsOnThePaymentAndTakesItsCreditsBack() {
    String chargeId = buyWorkshop(5);

    Response opened = stack.postForm("/_local/stripe/charges/" + chargeId + "/dispute", Map.of());
    assertThat(opened.status()).as(opened.body()).isEqualTo(200);
    String disputeId = opened.object().getAsJsonObject("object").get("id").getAsString();
    JsonObject open = awaitPayment(chargeId, p -> p.get("dispute").isJsonObject());
    assertThat(open.getAsJsonObject("dispute").get("status").getAsString())
        .isEqualTo("needs_response");
    assertThat(open.getAsJsonObject("dispute").get("reason").getAsString()).isEqualTo("fraudulent");
    // Access policy: an open dispute keeps the credits.
    assertThat(stack.subscription().get("credits_balance").getAsLong()).isEqualTo(5);

    Response closed =
        stack.postForm(
            "/_local/stripe/disputes/" + disputeId + "/close", Map.of("outcome", "lost"));
    assertThat(closed.status()).as(closed.body()).isEqualTo(200);
    awaitPayment(
        chargeId,
        p ->
            p.get("dispute").isJsonObject()
                && "lost".equals(string(p.getAsJsonObject("dispute"), "status")));
    stack.awaitSubscription("credits back to 0", s -> s.get("credits_balance").getAsLong() == 0);
    stack.awaitQueueDrained();
    assertThat(stack.dlq()).isEmpty();
  }

  /** Buys the workshop; returns its charge id once its credits are granted. */
  private static String buyWorkshop(long creditsAfter) {
    String checkoutUrl = stack.checkout("{\"plan\":\"onboarding_workshop\"}");
    assertThat(stack.postForm(checkoutUrl + "/pay", Map.of()).status()).isEqualTo(303);
    stack.awaitSubscription(
        creditsAfter + " credits", s -> s.get("credits_balance").getAsLong() == creditsAfter);
    stack.awaitQueueDrained();
    return stack
        .lastEvent("charge.succeeded")
        .getAsJsonObject("data")
        .getAsJsonObject("object")
        .get("id")
        .getAsString();
  }

  /** The payment the charge paid, once it satisfies {@code condition}. */
  private static JsonObject awaitPayment(
      String chargeId, java.util.function.Predicate<JsonObject> condition) {
    String intent =
        stack
            .lastEvent("charge.succeeded")
            .getAsJsonObject("data")
            .getAsJsonObject("object")
            .get("payment_intent")
            .getAsString();
    return RunningStack.await(
            "the payment of " + chargeId,
            () -> paymentOf(intent),
            p -> p.isPresent() && condition.test(p.get()))
        .orElseThrow();
  }

  private static Optional<JsonObject> paymentOf(String paymentIntent) {
    for (JsonElement line : stack.getWithKey("/billing/payments").object().getAsJsonArray("data")) {
      JsonObject payment = line.getAsJsonObject();
      if (paymentIntent.equals(string(payment, "payment_intent"))) {
        return Optional.of(payment);
      }
    }
    return Optional.empty();
  }

  private static String string(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }
}
