package app.billing.local.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.catalog.Catalog;
import app.billing.local.stripe.StripeBackend.Change;
import com.google.gson.JsonObject;
import com.stripe.Stripe;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.net.ApiResource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stand-in's objects and events are what stripe-java (and so our functions) can read. */
class StripeBackendTest {
  private static final String STARTER_MONTHLY = "price_1YVHXZSb7kQ2wLn572xB0pDK";
  private static final String WORKSHOP = "price_1Wk5hpSb7kQ2wLn5Workshop";

  private final StripeBackend backend =
      new StripeBackend(
          new StripeObjects(catalog(), "http://127.0.0.1:3000"),
          Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));

  @Test
  void aPaidTrialCheckoutSendsTypedEventsOfTheSdkVersion() {
    String customer = customer();
    JsonObject session =
        backend
            .createCheckoutSession(
                FormParams.parse(
                    "mode=subscription&customer="
                        + customer
                        + "&line_items[0][price]="
                        + STARTER_MONTHLY
                        + "&line_items[0][quantity]=1&client_reference_id=t1"
                        + "&metadata[tenantId]=t1&subscription_data[metadata][tenantId]=t1&subscription_data[trial_period_days]=14"
                        + "&success_url=http://127.0.0.1:3000/ok?session_id={CHECKOUT_SESSION_ID}"),
                "req_1")
            .object();
    assertThat(session.get("url").getAsString())
        .isEqualTo("http://127.0.0.1:3000/_local/checkout/" + session.get("id").getAsString());
    assertThat(session.get("amount_total").getAsLong()).isZero();

    Change paid = backend.pay(session.get("id").getAsString());
    List<Event> events =
        paid.events().stream()
            .map(e -> ApiResource.GSON.fromJson(e.toString(), Event.class))
            .toList();
    assertThat(events)
        .extracting(Event::getType)
        .containsExactly(
            "checkout.session.completed",
            "customer.subscription.created",
            "invoice.finalized",
            "invoice.paid",
            "invoice.payment_succeeded",
            "entitlements.active_entitlement_summary.updated");
    for (Event event : events) {
      assertThat(event.getApiVersion()).isEqualTo(Stripe.API_VERSION);
      assertThat(event.getDataObjectDeserializer().getObject()).as(event.getType()).isPresent();
    }
    Session completed = (Session) object(events.get(0));
    assertThat(completed.getStatus()).isEqualTo("complete");
    assertThat(completed.getPaymentStatus()).isEqualTo("no_payment_required");
    assertThat(completed.getCustomerDetails().getEmail()).isEqualTo("ada@example.test");
    Subscription subscription = (Subscription) object(events.get(1));
    assertThat(subscription.getStatus()).isEqualTo("trialing");
    assertThat(subscription.getMetadata()).containsEntry("tenantId", "t1");
    assertThat(subscription.getItems().getData().get(0).getPrice().getId())
        .isEqualTo(STARTER_MONTHLY);
    assertThat(subscription.getItems().getData().get(0).getCurrentPeriodEnd())
        .isEqualTo(subscription.getTrialEnd());
    assertThat(((Invoice) object(events.get(2))).getStatus()).isEqualTo("open");
    Invoice invoice = (Invoice) object(events.get(3));
    assertThat(invoice.getStatus()).isEqualTo("paid");
    assertThat(invoice.getAmountPaid()).isZero();
    assertThat(invoice.getParent().getSubscriptionDetails().getSubscription())
        .isEqualTo(subscription.getId());
    assertThat(invoice.getParent().getSubscriptionDetails().getMetadata())
        .containsEntry("tenantId", "t1");

    // A refetch returns the current object, not the one of the event.
    assertThat(backend.subscription(subscription.getId()).get("status").getAsString())
        .isEqualTo("trialing");
  }

  @Test
  void renewalsFailuresAndCancellationCarryPreviousAttributes() {
    String customer = customer();
    JsonObject session =
        backend
            .createCheckoutSession(
                FormParams.parse(
                    "mode=subscription&customer="
                        + customer
                        + "&line_items[0][price]="
                        + STARTER_MONTHLY
                        + "&subscription_data[trial_period_days]=0"
                        + "&success_url=http://127.0.0.1:3000/"),
                "req_1")
            .object();
    backend.pay(session.get("id").getAsString());
    String portal =
        backend
            .createPortalSession(FormParams.parse("customer=" + customer))
            .object()
            .get("id")
            .getAsString();

    Change failed = backend.portalAction(portal, null, PortalAction.FAIL_RENEWAL, null);
    assertThat(failed.events())
        .extracting(e -> e.get("type").getAsString())
        .containsExactly(
            "customer.subscription.updated",
            "invoice.finalized",
            "invoice.payment_failed",
            "customer.updated",
            "customer.subscription.updated");
    Event pastDue = ApiResource.GSON.fromJson(failed.events().get(4).toString(), Event.class);
    assertThat(pastDue.getData().getPreviousAttributes()).containsEntry("status", "active");
    Invoice open =
        (Invoice) object(ApiResource.GSON.fromJson(failed.events().get(2).toString(), Event.class));
    assertThat(open.getStatus()).isEqualTo("open");
    assertThat(open.getAmountDue()).isEqualTo(1900);
    assertThat(open.getNextPaymentAttempt()).isNotNull();

    Change retried = backend.portalAction(portal, null, PortalAction.RENEW, null);
    assertThat(retried.events())
        .extracting(e -> e.get("type").getAsString())
        .containsExactly(
            "invoice.paid",
            "invoice.payment_succeeded",
            "customer.updated",
            "customer.subscription.updated");

    Change scheduled = backend.portalAction(portal, null, PortalAction.CANCEL_AT_PERIOD_END, null);
    Event event = ApiResource.GSON.fromJson(scheduled.events().getFirst().toString(), Event.class);
    assertThat(event.getData().getPreviousAttributes())
        .containsEntry("cancel_at_period_end", false)
        .containsKey("cancel_at");
    // The period ends: a subscription set to cancel ends instead of renewing.
    Change ended = backend.portalAction(portal, null, PortalAction.RENEW, null);
    assertThat(ended.events().getFirst().get("type").getAsString())
        .isEqualTo("customer.subscription.deleted");
    assertThatThrownBy(() -> backend.portalAction(portal, null, PortalAction.RENEW, null))
        .isInstanceOf(StripeError.class);
  }

  @Test
  void checkoutParametersAreValidatedLikeStripe() {
    String customer = customer();
    assertThatThrownBy(
            () ->
                backend.createCheckoutSession(
                    FormParams.parse(
                        "mode=payment&customer="
                            + customer
                            + "&line_items[0][price]="
                            + STARTER_MONTHLY
                            + "&success_url=http://x/"),
                    "r"))
        .isInstanceOf(StripeError.class)
        .hasMessageContaining("recurring price");
    assertThatThrownBy(
            () ->
                backend.createCheckoutSession(
                    FormParams.parse(
                        "mode=payment&customer="
                            + customer
                            + "&line_items[0][price]=price_nope&success_url=http://x/"),
                    "r"))
        .isInstanceOf(StripeError.class)
        .hasMessageContaining("No such price");
    assertThatThrownBy(
            () ->
                backend.createCheckoutSession(
                    FormParams.parse(
                        "mode=payment&customer=cus_nope"
                            + "&line_items[0][price]="
                            + WORKSHOP
                            + "&success_url=http://x/"),
                    "r"))
        .isInstanceOf(StripeError.class)
        .hasMessageContaining("No such customer");
    assertThatThrownBy(
            () ->
                backend.createCheckoutSession(
                    FormParams.parse(
                        "mode=payment&customer=" + customer + "&line_items[0][price]=" + WORKSHOP),
                    "r"))
        .isInstanceOf(StripeError.class)
        .hasMessageContaining("success_url");
  }

  private String customer() {
    return backend
        .createCustomer(
            FormParams.parse("email=ada@example.test&name=Ada&metadata[tenantId]=t1"), "req_0", "k")
        .object()
        .get("id")
        .getAsString();
  }

  private static StripeObject object(Event event) {
    return event.getDataObjectDeserializer().getObject().orElseThrow();
  }

  private static Catalog catalog() {
    try {
      return Catalog.fromResource(Catalog.RESOURCE);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
