package app.billing.local;

import static app.billing.local.RunningStack.status;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.local.RunningStack.Response;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A customer's whole story through the local stack, over HTTP only: checkout, paying on the hosted
 * checkout page, the trial, a renewal, a failed renewal, cancelling in the portal. Every state is
 * read back through the API the app uses and every email through the local mailbox.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SubscriptionStoryE2ET {
  private static final String STARTER_MONTHLY_PRICE = "price_1YVHXZSb7kQ2wLn572xB0pDK";
  @AutoClose private static RunningStack stack;

  @BeforeAll
  static void start() {
    stack = RunningStack.start("story", Map.of());
  }

  @Test
  @Order(1)
  void checkoutTrialRenewalFailedRenewalAndCancellation() {
    // Plans are public; the tenant starts without a subscription.
    Response plans = stack.get("/billing/plans");
    assertThat(plans.status()).isEqualTo(200);
    assertThat(plans.object().getAsJsonArray("data").asList())
        .extracting(p -> p.getAsJsonObject().get("key").getAsString())
        .contains("starter", "pro", "onboarding_workshop");
    assertThat(stack.subscription().get("status").getAsString()).isEqualTo("none");

    // Checkout through the API, then the hosted page shows what is bought.
    String checkoutUrl = stack.checkout("{\"plan\":\"starter\",\"billing_cycle\":\"monthly\"}");
    assertThat(checkoutUrl).startsWith(stack.info().baseUrl() + "/_local/checkout/cs_test_");
    Response page = stack.get(checkoutUrl);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Starter", "14 days free", "$19.00", "Start trial");

    // Pay: the stand-in sends the signed events and returns to the success URL.
    long paid = System.nanoTime();
    Response pay = stack.postForm(checkoutUrl + "/pay", Map.of());
    assertThat(pay.status()).isEqualTo(303);
    String sessionId = checkoutUrl.substring(checkoutUrl.lastIndexOf('/') + 1);
    assertThat(pay.header("location"))
        .isEqualTo(stack.info().baseUrl() + "/?checkout=success&session_id=" + sessionId);
    JsonObject trialing = stack.awaitSubscription("trialing", status("trialing"));
    long millis = (System.nanoTime() - paid) / 1_000_000;
    System.out.println("[e2e] Pay -> trialing in GET /billing/subscription: " + millis + " ms");
    assertThat(trialing.get("plan").getAsString()).isEqualTo("starter");
    assertThat(trialing.get("access").getAsString()).isEqualTo("full");
    assertThat(trialing.get("stripe_customer_id").getAsString()).startsWith("cus_");
    assertThat(stack.webhookDeliveries().asList())
        .extracting(d -> d.getAsJsonObject().get("type").getAsString())
        .contains("checkout.session.completed", "customer.subscription.created", "invoice.paid");
    RunningStack.await(
        "the welcome email", () -> stack.emailsWithSubject("Welcome to Acme Starter"), n -> n == 1);
    JsonObject welcome = stack.emails().get(stack.emails().size() - 1).getAsJsonObject();
    assertThat(welcome.get("to").getAsString()).isEqualTo("owner@demo-company.example");
    assertThat(welcome.get("html").getAsString()).contains("Starter");
    assertThat(welcome.get("file").getAsString()).endsWith(".eml");
    assertThat(stack.get(checkoutUrl).body()).contains("This Checkout Session is complete");

    // The portal: the trial ends and the first period is paid.
    String portalUrl = stack.portal();
    assertThat(portalUrl).startsWith(stack.info().baseUrl() + "/_local/portal/bps_");
    assertThat(stack.get(portalUrl).body()).contains("Starter", "trialing", "Simulate renewal");
    assertThat(stack.postForm(portalUrl + "/simulate-renewal", Map.of()).status()).isEqualTo(303);
    JsonObject active = stack.awaitSubscription("active", status("active"));
    assertThat(active.get("access").getAsString()).isEqualTo("full");
    RunningStack.await(
        "the renewal receipt",
        () -> stack.emailsWithSubject("Your Acme receipt: $19.00"),
        n -> n == 1);

    // The next renewal fails: past due, with grace access, and the customer is told.
    assertThat(stack.postForm(portalUrl + "/simulate-failed-renewal", Map.of()).status())
        .isEqualTo(303);
    JsonObject pastDue = stack.awaitSubscription("past_due", status("past_due"));
    assertThat(pastDue.get("access").getAsString()).isEqualTo("grace");
    assertThat(pastDue.get("access_until").isJsonNull()).isFalse();
    RunningStack.await(
        "the payment failed email",
        () -> stack.emailsWithSubject("Payment of $19.00 failed"),
        n -> n == 1);

    // Cancel now in the portal: no access any more, and a last email.
    Response cancel = stack.postForm(portalUrl + "/cancel-now", Map.of());
    assertThat(cancel.status()).isEqualTo(303);
    assertThat(cancel.header("location")).contains("customer.subscription.deleted");
    JsonObject canceled = stack.awaitSubscription("canceled", status("canceled"));
    assertThat(canceled.get("access").getAsString()).isEqualTo("none");
    assertThat(canceled.getAsJsonArray("features").isEmpty()).isTrue();
    RunningStack.await(
        "the subscription ended email",
        () -> stack.emailsWithSubject("subscription has ended"),
        n -> n == 1);

    // Payment history: the $0 trial invoice, the paid renewal and the failed one, newest first.
    stack.awaitQueueDrained();
    Response payments = stack.getWithKey("/billing/payments");
    assertThat(payments.status()).isEqualTo(200);
    List<JsonElement> data = payments.object().getAsJsonArray("data").asList();
    assertThat(data)
        .extracting(
            p ->
                p.getAsJsonObject().get("status").getAsString()
                    + " "
                    + p.getAsJsonObject().get("amount").getAsLong())
        .containsExactlyInAnyOrder("paid 0", "paid 1900", "open 1900");
    assertThat(stack.emails()).hasSize(4);
    assertThat(stack.dlq()).isEmpty();
  }

  @Test
  @Order(2)
  void planChangeScheduledCancellationAndPortalDeepLinks() {
    // After the first subscription ended, the tenant subscribes again.
    assertThat(stack.postForm(stack.checkout("{\"plan\":\"pro\"}") + "/pay", Map.of()).status())
        .isEqualTo(303);
    stack.awaitSubscription(
        "active pro",
        s ->
            "active".equals(s.get("status").getAsString())
                && "pro".equals(s.get("plan").getAsString()));

    // A second subscription is refused: plan changes go through the portal.
    Response second = stack.postJsonWithKey("/billing/checkout", "{\"plan\":\"starter\"}");
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.errorCode()).isEqualTo("plan_change_via_portal");

    // Deep link to the plan change: the portal returns to the app once done.
    String update = portalFlow("subscription_update");
    assertThat(stack.get(update).body()).contains("subscription update");
    Response switched =
        stack.postForm(update + "/switch-plan", Map.of("price", STARTER_MONTHLY_PRICE));
    assertThat(switched.status()).isEqualTo(303);
    assertThat(switched.header("location")).isEqualTo(stack.info().baseUrl() + "/");
    stack.awaitSubscription("starter", s -> "starter".equals(s.get("plan").getAsString()));
    RunningStack.await(
        "entitlements shrink",
        stack::subscription,
        s -> s.getAsJsonArray("entitlements").size() == 1);

    // Deep link to cancelling: it ends at the period end, and the customer is told when.
    String cancel = portalFlow("subscription_cancel");
    assertThat(stack.postForm(cancel + "/cancel-at-period-end", Map.of()).status()).isEqualTo(303);
    JsonObject scheduled =
        stack.awaitSubscription(
            "cancel at period end", s -> s.get("cancel_at_period_end").getAsBoolean());
    assertThat(scheduled.get("status").getAsString()).isEqualTo("active");
    assertThat(scheduled.get("access").getAsString()).isEqualTo("full");
    RunningStack.await(
        "the cancellation email",
        () -> stack.emailsWithSubject("subscription will end on"),
        n -> n == 1);

    // Changed their mind, in the portal's home page.
    String home = stack.portal();
    assertThat(stack.get(home).body()).contains("cancels at period end", "Don&#39;t cancel");
    assertThat(stack.postForm(home + "/reactivate", Map.of()).status()).isEqualTo(303);
    stack.awaitSubscription("renewing again", s -> !s.get("cancel_at_period_end").getAsBoolean());

    // A new card through the payment method deep link.
    String card = portalFlow("payment_method_update");
    assertThat(stack.postForm(card + "/update-payment-method", Map.of()).header("location"))
        .isEqualTo(stack.info().baseUrl() + "/");
    assertThat(
            stack
                .lastEvent("customer.updated")
                .getAsJsonObject("data")
                .getAsJsonObject("previous_attributes")
                .has("invoice_settings"))
        .isTrue();
    stack.awaitQueueDrained();
    assertThat(stack.dlq()).isEmpty();
  }

  private static String portalFlow(String flow) {
    Response response = stack.postJsonWithKey("/billing/portal", "{\"flow\":\"" + flow + "\"}");
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.object().get("portal_url").getAsString();
  }
}
