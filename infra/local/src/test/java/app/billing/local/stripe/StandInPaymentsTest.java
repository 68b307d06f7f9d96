package app.billing.local.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import app.billing.core.catalog.Catalog;
import app.billing.local.stripe.StripeBackend.Change;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.stripe.Stripe;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionCollection;
import com.stripe.model.checkout.Session;
import com.stripe.model.entitlements.ActiveEntitlement;
import com.stripe.model.entitlements.ActiveEntitlementCollection;
import com.stripe.net.ApiResource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What real Stripe accounts do beyond the happy path: several subscriptions, quantities, refunds,
 * disputes, manual capture, invoice write-offs, many entitlements and deleted customers. Every
 * event is read back with stripe-java, which proves the shapes of API version {@value
 * Stripe#API_VERSION}.
 */
class StandInPaymentsTest {
  private static final String STARTER_MONTHLY = "price_1YVHXZSb7kQ2wLn572xB0pDK";
  private static final String PRO_MONTHLY = "price_14K14PSb7kQ2wLn5JNF92G3q";
  private static final String WORKSHOP = "price_1Wk5hpSb7kQ2wLn5Workshop";
  private static final long WORKSHOP_AMOUNT = 29_900;

  private final StripeBackend backend = backend(Optional.empty());

  @Test
  void aOneTimeCheckoutChargesEachLineTimesItsQuantity() {
    String customer = customer(backend);
    Change paid = payOnce(customer, 3, false);

    assertThat(types(paid))
        .containsExactly(
            "checkout.session.completed", "payment_intent.succeeded", "charge.succeeded");
    Session session = (Session) object(paid, 0);
    assertThat(session.getPaymentStatus()).isEqualTo("paid");
    assertThat(session.getAmountTotal()).isEqualTo(3 * WORKSHOP_AMOUNT);
    PaymentIntent intent = (PaymentIntent) object(paid, 1);
    assertThat(intent.getId()).isEqualTo(session.getPaymentIntent());
    assertThat(intent.getStatus()).isEqualTo("succeeded");
    assertThat(intent.getAmount()).isEqualTo(3 * WORKSHOP_AMOUNT);
    assertThat(intent.getAmountReceived()).isEqualTo(3 * WORKSHOP_AMOUNT);
    assertThat(intent.getCustomer()).isEqualTo(customer);
    assertThat(intent.getMetadata()).containsEntry("tenantId", "t1");
    Charge charge = (Charge) object(paid, 2);
    assertThat(charge.getId()).isEqualTo(intent.getLatestCharge());
    assertThat(charge.getAmount()).isEqualTo(3 * WORKSHOP_AMOUNT);
    assertThat(charge.getAmountCaptured()).isEqualTo(3 * WORKSHOP_AMOUNT);
    assertThat(charge.getCaptured()).isTrue();
    assertThat(charge.getPaymentIntent()).isEqualTo(intent.getId());
    assertThat(parse(backend.paymentIntent(intent.getId()), PaymentIntent.class).getStatus())
        .isEqualTo("succeeded");
  }

  @Test
  void aRefundIsCreatedShownOnTheChargeAndConfirmed() {
    Change paid = payOnce(customer(backend), 1, false);
    Charge charge = (Charge) object(paid, 2);

    Change partial =
        backend.createRefund(
            FormParams.parse(
                "charge=" + charge.getId() + "&amount=10000&reason=requested_by_customer"),
            "req_r",
            "refund-1");
    assertThat(types(partial))
        .containsExactly("refund.created", "charge.refunded", "refund.updated");
    Refund created = (Refund) object(partial, 0);
    assertThat(created.getStatus()).isEqualTo("pending");
    assertThat(created.getAmount()).isEqualTo(10_000);
    assertThat(created.getCharge()).isEqualTo(charge.getId());
    assertThat(created.getPaymentIntent()).isEqualTo(charge.getPaymentIntent());
    assertThat(created.getReason()).isEqualTo("requested_by_customer");
    assertThat(created.getDestinationDetails().getType()).isEqualTo("card");
    Charge refunded = (Charge) object(partial, 1);
    assertThat(refunded.getAmountRefunded()).isEqualTo(10_000);
    assertThat(refunded.getRefunded()).isFalse();
    Event updated = event(partial, 2);
    assertThat(((Refund) object(updated)).getStatus()).isEqualTo("succeeded");
    assertThat(updated.getData().getPreviousAttributes()).containsEntry("status", "pending");
    assertThat(partial.object().get("status").getAsString()).isEqualTo("succeeded");

    // The rest, by payment intent: the charge is now refunded in full.
    Change rest =
        backend.createRefund(
            FormParams.parse("payment_intent=" + charge.getPaymentIntent()), "req_r2", null);
    assertThat(((Refund) object(rest, 0)).getAmount()).isEqualTo(WORKSHOP_AMOUNT - 10_000);
    Charge full = (Charge) object(rest, 1);
    assertThat(full.getRefunded()).isTrue();
    assertThat(full.getAmountRefunded()).isEqualTo(WORKSHOP_AMOUNT);
    assertThat(parse(backend.charge(charge.getId()), Charge.class).getRefunds().getData())
        .hasSize(2);
    assertThatThrownBy(
            () ->
                backend.createRefund(FormParams.parse("charge=" + charge.getId()), "req_r3", null))
        .isInstanceOf(StripeError.class)
        .hasMessageContaining("already been refunded");
  }

  @Test
  void aDisputeOpensAndClosesWonOrLost() {
    Charge first = (Charge) object(payOnce(customer(backend), 1, false), 2);
    Change opened = backend.openDispute(first.getId(), null);
    assertThat(types(opened)).containsExactly("charge.dispute.created");
    Dispute dispute = (Dispute) object(opened, 0);
    assertThat(dispute.getStatus()).isEqualTo("needs_response");
    assertThat(dispute.getReason()).isEqualTo("fraudulent");
    assertThat(dispute.getAmount()).isEqualTo(WORKSHOP_AMOUNT);
    assertThat(dispute.getCharge()).isEqualTo(first.getId());
    assertThat(dispute.getEvidenceDetails().getDueBy()).isGreaterThan(dispute.getCreated());
    assertThat(backend.charge(first.getId()).get("disputed").getAsBoolean()).isTrue();
    assertThatThrownBy(() -> backend.openDispute(first.getId(), null))
        .isInstanceOf(StripeError.class);

    Change lost = backend.closeDispute(dispute.getId(), false);
    assertThat(types(lost)).containsExactly("charge.dispute.updated", "charge.dispute.closed");
    assertThat(((Dispute) object(lost, 0)).getStatus()).isEqualTo("under_review");
    assertThat(((Dispute) object(lost, 0)).getEvidenceDetails().getHasEvidence()).isTrue();
    Event closed = event(lost, 1);
    assertThat(((Dispute) object(closed)).getStatus()).isEqualTo("lost");
    assertThat(closed.getData().getPreviousAttributes()).containsEntry("status", "under_review");
    assertThatThrownBy(() -> backend.closeDispute(dispute.getId(), true))
        .isInstanceOf(StripeError.class)
        .hasMessageContaining("already closed");

    Charge second = (Charge) object(payOnce(customer(backend), 1, false), 2);
    String won = StripeJson.id(backend.openDispute(second.getId(), "duplicate").object());
    assertThat(((Dispute) object(backend.closeDispute(won, true), 1)).getStatus()).isEqualTo("won");
  }

  @Test
  void aManualCaptureSessionAuthorizesThenCapturesOrCancels() {
    String customer = customer(backend);
    Change authorized = payOnce(customer, 2, true);
    assertThat(types(authorized))
        .containsExactly("checkout.session.completed", "payment_intent.amount_capturable_updated");
    Session session = (Session) object(authorized, 0);
    assertThat(session.getPaymentStatus()).isEqualTo("unpaid");
    PaymentIntent intent = (PaymentIntent) object(authorized, 1);
    assertThat(intent.getStatus()).isEqualTo("requires_capture");
    assertThat(intent.getCaptureMethod()).isEqualTo("manual");
    assertThat(intent.getAmountCapturable()).isEqualTo(2 * WORKSHOP_AMOUNT);
    assertThat(backend.checkoutView(session.getId()).orElseThrow().paymentIntentStatus())
        .isEqualTo("requires_capture");
    assertThatThrownBy(
            () ->
                backend.createRefund(
                    FormParams.parse("payment_intent=" + intent.getId()), "req", null))
        .isInstanceOf(StripeError.class)
        .hasMessageContaining("not been captured");

    Change captured = backend.capturePaymentIntent(intent.getId(), FormParams.parse(""), "req_c");
    assertThat(types(captured))
        .containsExactly("payment_intent.succeeded", "charge.captured", "charge.succeeded");
    PaymentIntent succeeded = (PaymentIntent) object(captured, 0);
    assertThat(succeeded.getStatus()).isEqualTo("succeeded");
    assertThat(succeeded.getAmountReceived()).isEqualTo(2 * WORKSHOP_AMOUNT);
    Charge charge = (Charge) object(captured, 2);
    assertThat(charge.getCaptured()).isTrue();
    assertThat(charge.getAmountCaptured()).isEqualTo(2 * WORKSHOP_AMOUNT);
    assertThatThrownBy(
            () -> backend.capturePaymentIntent(intent.getId(), FormParams.parse(""), "req_c2"))
        .isInstanceOf(StripeError.class);

    PaymentIntent another = (PaymentIntent) object(payOnce(customer, 1, true), 1);
    Change canceled =
        backend.cancelPaymentIntent(
            another.getId(), FormParams.parse("cancellation_reason=abandoned"), "req_x");
    assertThat(types(canceled)).containsExactly("payment_intent.canceled");
    PaymentIntent released = (PaymentIntent) object(canceled, 0);
    assertThat(released.getStatus()).isEqualTo("canceled");
    assertThat(released.getCancellationReason()).isEqualTo("abandoned");
    assertThat(released.getCanceledAt()).isNotNull();
  }

  @Test
  void openInvoicesAreVoidedOrMarkedUncollectible() {
    String customer = customer(backend);
    backend.pay(subscriptionSession(backend, customer, PRO_MONTHLY));
    String portal = portal(customer);

    Invoice first = failedRenewalInvoice(portal);
    Change voided = backend.voidInvoice(first.getId(), "req_v");
    assertThat(types(voided)).containsExactly("invoice.voided");
    Invoice voidInvoice = (Invoice) object(voided, 0);
    assertThat(voidInvoice.getStatus()).isEqualTo("void");
    assertThat(voidInvoice.getStatusTransitions().getVoidedAt()).isNotNull();
    assertThatThrownBy(() -> backend.markInvoiceUncollectible(first.getId(), "req_u"))
        .isInstanceOf(StripeError.class)
        .hasMessageContaining("open invoice");

    Invoice second = failedRenewalInvoice(portal);
    Change writtenOff = backend.markInvoiceUncollectible(second.getId(), "req_u2");
    assertThat(types(writtenOff)).containsExactly("invoice.marked_uncollectible");
    Invoice uncollectible = (Invoice) object(writtenOff, 0);
    assertThat(uncollectible.getStatus()).isEqualTo("uncollectible");
    assertThat(uncollectible.getStatusTransitions().getMarkedUncollectibleAt()).isNotNull();
  }

  @Test
  void aCustomerMayHaveSeveralSubscriptions() {
    String customer = customer(backend);
    Change first = backend.pay(subscriptionSession(backend, customer, STARTER_MONTHLY));
    Change second = backend.pay(subscriptionSession(backend, customer, PRO_MONTHLY));
    String firstId = first.object().get("subscription").getAsString();
    String secondId = second.object().get("subscription").getAsString();
    assertThat(secondId).isNotEqualTo(firstId);
    assertThat(types(second))
        .contains("customer.subscription.created", "invoice.payment_succeeded");

    backend.cancelSubscription(firstId, "req_d");
    SubscriptionCollection all =
        parse(
            backend.subscriptions(FormParams.parse("customer=" + customer + "&status=all")),
            SubscriptionCollection.class);
    assertThat(all.getData())
        .extracting(Subscription::getId, Subscription::getStatus)
        .containsExactlyInAnyOrder(tuple(secondId, "active"), tuple(firstId, "canceled"));
    assertThat(
            parse(
                    backend.subscriptions(FormParams.parse("customer=" + customer)),
                    SubscriptionCollection.class)
                .getData())
        .extracting(Subscription::getId)
        .containsExactly(secondId);
  }

  @Test
  void manyEntitlementsArePagedLikeStripe() {
    List<String> features =
        IntStream.rangeClosed(1, 25).mapToObj(i -> "feature_" + (100 + i)).toList();
    StripeBackend many = backend(Optional.of(catalogWithFeatures(features)));
    String customer = customer(many);
    many.pay(subscriptionSession(many, customer, "price_1ManyFeaturesMonthly"));

    List<String> seen = new ArrayList<>();
    String startingAfter = null;
    int pages = 0;
    ActiveEntitlementCollection page;
    do {
      page =
          parse(
              many.activeEntitlements(
                  FormParams.parse(
                      "customer="
                          + customer
                          + "&limit=10"
                          + (startingAfter == null ? "" : "&starting_after=" + startingAfter))),
              ActiveEntitlementCollection.class);
      page.getData().forEach(e -> seen.add(e.getLookupKey()));
      startingAfter = page.getData().getLast().getId();
      pages++;
    } while (page.getHasMore());
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(features);
    assertThat(page.getData())
        .extracting(ActiveEntitlement::getObject)
        .containsOnly("entitlements.active_entitlement");
  }

  @Test
  void deletingACustomerEndsItsSubscriptionsAndSendsCustomerDeleted() {
    String customer = customer(backend);
    backend.pay(subscriptionSession(backend, customer, PRO_MONTHLY));

    Change deleted = backend.deleteCustomer(customer, "req_del", "delete-1");
    assertThat(types(deleted))
        .containsExactly(
            "customer.subscription.deleted",
            "entitlements.active_entitlement_summary.updated",
            "customer.deleted");
    Customer gone = (Customer) object(deleted, 2);
    assertThat(gone.getId()).isEqualTo(customer);
    assertThat(gone.getEmail()).isEqualTo("ada@example.test");
    assertThat(event(deleted, 2).getRequest().getIdempotencyKey()).isEqualTo("delete-1");
    assertThat(parse(deleted.object(), Customer.class).getDeleted()).isTrue();
    assertThat(parse(backend.customer(customer), Customer.class).getDeleted()).isTrue();
    assertThatThrownBy(() -> backend.deleteCustomer(customer, "req_again", null))
        .isInstanceOf(StripeError.class)
        .hasMessageContaining("No such customer");
  }

  // ------------------------------------------------------------------ helpers

  private Change payOnce(String customer, int quantity, boolean manual) {
    String session =
        backend
            .createCheckoutSession(
                FormParams.parse(
                    "mode=payment&customer="
                        + customer
                        + "&line_items[0][price]="
                        + WORKSHOP
                        + "&line_items[0][quantity]="
                        + quantity
                        + "&payment_intent_data[metadata][tenantId]=t1"
                        + (manual ? "&payment_intent_data[capture_method]=manual" : "")
                        + "&success_url=http://127.0.0.1:3000/ok"),
                "req_s")
            .object()
            .get("id")
            .getAsString();
    return backend.pay(session);
  }

  private static String subscriptionSession(StripeBackend backend, String customer, String price) {
    return backend
        .createCheckoutSession(
            FormParams.parse(
                "mode=subscription&customer="
                    + customer
                    + "&line_items[0][price]="
                    + price
                    + "&subscription_data[trial_period_days]=0&success_url=http://127.0.0.1:3000/"),
            "req_s")
        .object()
        .get("id")
        .getAsString();
  }

  private String portal(String customer) {
    return StripeJson.id(
        backend.createPortalSession(FormParams.parse("customer=" + customer)).object());
  }

  /** The renewal fails: its new invoice stays open. */
  private Invoice failedRenewalInvoice(String portal) {
    Change failed = backend.portalAction(portal, null, PortalAction.FAIL_RENEWAL, null);
    assertThat(types(failed)).contains("invoice.finalized", "invoice.payment_failed");
    Invoice invoice = (Invoice) object(failed, types(failed).indexOf("invoice.payment_failed"));
    assertThat(invoice.getStatus()).isEqualTo("open");
    return invoice;
  }

  private static String customer(StripeBackend backend) {
    return StripeJson.id(
        backend
            .createCustomer(FormParams.parse("email=ada@example.test&name=Ada"), "req_0", null)
            .object());
  }

  private static List<String> types(Change change) {
    return change.events().stream().map(e -> e.get("type").getAsString()).toList();
  }

  private static Event event(Change change, int index) {
    Event event = ApiResource.GSON.fromJson(change.events().get(index).toString(), Event.class);
    assertThat(event.getApiVersion()).isEqualTo(Stripe.API_VERSION);
    return event;
  }

  private static StripeObject object(Change change, int index) {
    return object(event(change, index));
  }

  private static StripeObject object(Event event) {
    return event
        .getDataObjectDeserializer()
        .getObject()
        .orElseThrow(() -> new AssertionError(event.getType() + " has no typed object"));
  }

  private static <T> T parse(JsonObject json, Class<T> type) {
    return ApiResource.GSON.fromJson(json.toString(), type);
  }

  private static String catalogWithFeatures(List<String> features) {
    JsonObject entry = new JsonObject();
    entry.addProperty("key", "many");
    entry.addProperty("name", "Many features");
    entry.addProperty("mode", "subscription");
    JsonObject monthly = new JsonObject();
    monthly.addProperty("price_id", "price_1ManyFeaturesMonthly");
    monthly.addProperty("amount", 9900);
    monthly.addProperty("currency", "usd");
    JsonObject prices = new JsonObject();
    prices.add("monthly", monthly);
    entry.add("prices", prices);
    JsonArray list = new JsonArray();
    features.forEach(list::add);
    entry.add("features", list);
    JsonArray entries = new JsonArray();
    entries.add(entry);
    JsonObject catalog = new JsonObject();
    catalog.add("entries", entries);
    return catalog.toString();
  }

  private static StripeBackend backend(Optional<String> catalogJson) {
    try {
      return new StripeBackend(
          new StripeObjects(Catalog.load(catalogJson), "http://127.0.0.1:3000"),
          Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
