package app.billing.local;

import static app.billing.local.RunningStack.status;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.local.RunningStack.Response;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stripe does not deliver in order: the same final state and the same emails either way. */
class OutOfOrderDeliveryE2ET {
  @AutoClose private static RunningStack stack;

  @BeforeAll
  static void start() {
    stack = RunningStack.start("out-of-order", Map.of());
  }

  @Test
  void reversedDeliveryAndALateOlderEventEndInTheRightState() {
    String checkoutUrl = stack.checkout("{\"plan\":\"pro\",\"billing_cycle\":\"yearly\"}");
    // The hosted page's option: the events of the payment arrive newest first.
    Response pay = stack.postForm(checkoutUrl + "/pay", Map.of("event_order", "reverse"));
    assertThat(pay.status()).isEqualTo(303);
    List<String> delivered =
        stack.webhookDeliveries().asList().stream()
            .map(d -> d.getAsJsonObject().get("type").getAsString())
            .filter(type -> !type.equals("customer.created"))
            .toList();
    assertThat(delivered)
        .containsExactly(
            "entitlements.active_entitlement_summary.updated",
            "invoice.payment_succeeded",
            "invoice.paid",
            "invoice.finalized",
            "customer.subscription.created",
            "checkout.session.completed");

    JsonObject active = stack.awaitSubscription("active", status("active"));
    assertThat(active.get("plan").getAsString()).isEqualTo("pro");
    RunningStack.await(
        "entitlements",
        () -> stack.subscription(),
        s -> s.getAsJsonArray("entitlements").size() == 3);
    RunningStack.await(
        "one welcome email", () -> stack.emailsWithSubject("Welcome to Acme Pro"), n -> n == 1);
    RunningStack.await(
        "one receipt", () -> stack.emailsWithSubject("Your Acme receipt: $490.00"), n -> n == 1);

    // The subscription is canceled; then an older event about it arrives late (a different event,
    // created a minute before): it must not bring the subscription back.
    String portalUrl = stack.portal();
    assertThat(stack.postForm(portalUrl + "/cancel-now", Map.of()).status()).isEqualTo(303);
    stack.awaitSubscription("canceled", status("canceled"));
    stack.awaitQueueDrained();

    JsonObject late = stack.lastEvent("customer.subscription.created").deepCopy();
    late.addProperty("id", "evt_1LateOlderDelivery0000000");
    late.addProperty("type", "customer.subscription.updated");
    late.addProperty("created", late.get("created").getAsLong() - 60);
    assertThat(stack.deliverWebhook(late.toString()).status()).isEqualTo(200);
    stack.awaitQueueDrained();

    JsonObject after = stack.subscription();
    assertThat(after.get("status").getAsString()).isEqualTo("canceled");
    assertThat(after.get("access").getAsString()).isEqualTo("none");
    assertThat(stack.emailsWithSubject("Welcome to Acme Pro")).isEqualTo(1);
    assertThat(stack.dlq()).isEmpty();
  }
}
