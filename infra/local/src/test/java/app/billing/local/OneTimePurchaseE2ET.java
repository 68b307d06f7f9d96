package app.billing.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.local.RunningStack.Response;
import com.google.gson.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A one-time purchase (payment mode), then Stripe delivering its event a second time. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneTimePurchaseE2ET {
  @AutoClose private static RunningStack stack;

  @BeforeAll
  static void start() {
    stack = RunningStack.start("purchase", Map.of());
  }

  @Test
  @Order(1)
  void onboardingWorkshopGrantsCreditsAndSendsAReceipt() {
    String checkoutUrl = stack.checkout("{\"plan\":\"onboarding_workshop\"}");
    assertThat(stack.get(checkoutUrl).body())
        .contains("Onboarding workshop", "$299.00", "One-time payment", ">Pay<");

    // A declined card leaves the session open and sends nothing.
    Response declined = stack.postForm(checkoutUrl + "/decline", Map.of());
    assertThat(declined.status()).isEqualTo(402);
    assertThat(declined.body()).contains("Your card was declined");
    assertThat(stack.webhookDeliveries().asList())
        .noneMatch(d -> d.getAsJsonObject().get("type").getAsString().startsWith("checkout."));

    Response pay = stack.postForm(checkoutUrl + "/pay", Map.of());
    assertThat(pay.status()).isEqualTo(303);
    JsonObject subscription =
        stack.awaitSubscription("5 credits", s -> s.get("credits_balance").getAsLong() == 5);
    assertThat(subscription.get("status").getAsString()).isEqualTo("none");
    RunningStack.await(
        "the purchase receipt",
        () -> stack.emailsWithSubject("Receipt for Onboarding workshop: $299.00"),
        n -> n == 1);

    stack.awaitQueueDrained();
    Response payments = stack.getWithKey("/billing/payments");
    JsonObject purchase = payments.object().getAsJsonArray("data").get(0).getAsJsonObject();
    assertThat(purchase.get("type").getAsString()).isEqualTo("purchase");
    assertThat(purchase.get("status").getAsString()).isEqualTo("paid");
    assertThat(purchase.get("amount_paid").getAsLong()).isEqualTo(29_900);

    // Paying twice is not possible: the session is complete.
    assertThat(stack.postForm(checkoutUrl + "/pay", Map.of()).status()).isEqualTo(400);
  }

  @Test
  @Order(2)
  void aSecondDeliveryOfTheSameEventChangesNothing() {
    JsonObject completed = stack.lastEvent("checkout.session.completed");
    long emailsBefore = stack.emails().size();

    // Stripe retries a delivery it thinks failed: same event, fresh signature.
    Response again = stack.deliverWebhook(completed.toString());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.object().get("enqueued").getAsBoolean()).isTrue();
    stack.awaitQueueDrained();

    assertThat(stack.emails()).hasSize((int) emailsBefore);
    assertThat(stack.emailsWithSubject("Receipt for Onboarding workshop")).isEqualTo(1);
    assertThat(stack.subscription().get("credits_balance").getAsLong()).isEqualTo(5);
    assertThat(stack.getWithKey("/billing/payments").object().getAsJsonArray("data")).hasSize(1);
    assertThat(stack.dlq()).isEmpty();
  }

  @Test
  @Order(3)
  void theLocalActionsRefundAndDisputeThePaymentWithSignedEvents() {
    String chargeId =
        stack
            .lastEvent("charge.succeeded")
            .getAsJsonObject("data")
            .getAsJsonObject("object")
            .get("id")
            .getAsString();
    String portalUrl = stack.portal();
    assertThat(stack.get(portalUrl).body()).contains("<h2>Payments</h2>", chargeId, ">Refund<");

    Response refund =
        stack.postForm("/_local/stripe/charges/" + chargeId + "/refund", Map.of("amount", "10000"));
    assertThat(refund.status()).as(refund.body()).isEqualTo(200);
    assertThat(refund.object().getAsJsonArray("events").toString())
        .isEqualTo("[\"refund.created\",\"charge.refunded\",\"refund.updated\"]");
    assertThat(refund.object().getAsJsonObject("object").get("amount").getAsLong())
        .isEqualTo(10_000);

    // The portal page's button: back to the page, which now offers to close the dispute.
    String portalPath = portalUrl.substring(portalUrl.indexOf("/_local/"));
    Response dispute =
        stack.postForm(
            "/_local/stripe/charges/" + chargeId + "/dispute", Map.of("return_to", portalPath));
    assertThat(dispute.status()).isEqualTo(303);
    assertThat(dispute.header("Location")).startsWith(portalPath + "?done=");
    assertThat(stack.get(dispute.header("Location")).body())
        .contains("charge.dispute.created", "dispute needs_response", "Close dispute (won)");
    assertThat(
            stack
                .lastEvent("charge.dispute.created")
                .getAsJsonObject("data")
                .getAsJsonObject("object")
                .get("amount")
                .getAsLong())
        .isEqualTo(29_900 - 10_000);

    Response again = stack.postForm("/_local/stripe/charges/" + chargeId + "/dispute", Map.of());
    assertThat(again.status()).isEqualTo(400);
    stack.awaitQueueDrained();
    assertThat(stack.dlq()).isEmpty();
  }
}
