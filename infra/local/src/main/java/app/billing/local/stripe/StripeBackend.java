package app.billing.local.stripe;

import app.billing.local.stripe.CheckoutSessions.CheckoutView;
import app.billing.local.stripe.PortalSessions.PortalView;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The stand-in's Stripe account as the API and the hosted pages use it: one lock over the resources
 * ({@link Customers}, {@link CheckoutSessions}, {@link Subscriptions}, {@link Invoices}, {@link
 * PortalSessions}, {@link Entitlements}, {@link Events}, {@link Prices}). Every change yields the
 * events real Stripe would send for it; the caller delivers them (outside the lock). Objects are
 * returned as copies. With a {@link StateFile} the account is loaded from it at start and saved to
 * it after every change, so it survives restarts like the billing table does; without one it lives
 * in memory only.
 */
final class StripeBackend {
  /** A changed object and the events the change caused, oldest first. */
  record Change(JsonObject object, List<JsonObject> events) {}

  /**
   * The answer to a request sent with an {@code Idempotency-Key}, replayed for a retry with the
   * same parameters ({@code fingerprint}) within {@value StripeAccount#IDEMPOTENCY_WINDOW_SECONDS}
   * seconds of {@code created}.
   */
  record IdempotentResponse(String fingerprint, int status, JsonObject body, long created) {}

  private final StripeAccount account;
  private final Customers customers;
  private final CheckoutSessions checkout;
  private final Subscriptions subscriptions;
  private final Invoices invoices;
  private final PortalSessions portal;
  private final Entitlements entitlements;
  private final Events events;
  private final Prices prices;
  private final Payments payments;
  private final Refunds refunds;
  private final Disputes disputes;
  private final Meters meters;

  /** An account in memory only. */
  StripeBackend(StripeObjects objects, Clock clock) {
    this(objects, clock, null);
  }

  /**
   * @param stateFile where the account is loaded from and saved to; null: in memory only
   */
  StripeBackend(StripeObjects objects, Clock clock, StateFile stateFile) {
    account = new StripeAccount(objects, clock, stateFile);
    entitlements = new Entitlements(account);
    invoices = new Invoices(account);
    subscriptions = new Subscriptions(account, invoices, entitlements);
    customers = new Customers(account, subscriptions);
    payments = new Payments(account);
    refunds = new Refunds(account, payments);
    disputes = new Disputes(account, payments);
    checkout =
        new CheckoutSessions(
            account, customers, new CheckoutPayment(account, invoices, entitlements, payments));
    portal = new PortalSessions(account, customers, subscriptions, payments);
    events = new Events(account);
    prices = new Prices(objects);
    meters = new Meters(account);
  }

  StripeObjects objects() {
    return account.objects;
  }

  /** Saves the account (when it has a state file) after a change; returns the change. */
  private Change saved(Change change) {
    account.save();
    return change;
  }

  // ------------------------------------------------------------------ customers

  synchronized Change createCustomer(FormParams params, String requestId, String idempotencyKey) {
    return saved(customers.create(params, requestId, idempotencyKey));
  }

  synchronized JsonObject customers(FormParams query) {
    return customers.list(query);
  }

  synchronized JsonObject searchCustomers(FormParams query) {
    return customers.search(query);
  }

  synchronized JsonObject customer(String id) {
    return customers.retrieve(id);
  }

  synchronized Change updateCustomer(
      String id, FormParams params, String requestId, String idempotencyKey) {
    return saved(customers.update(id, params, requestId, idempotencyKey));
  }

  /** {@code DELETE /v1/customers/{id}}. */
  synchronized Change deleteCustomer(String id, String requestId, String idempotencyKey) {
    return saved(customers.delete(id, requestId, idempotencyKey));
  }

  // ------------------------------------------------------------------ checkout

  synchronized Change createCheckoutSession(FormParams params, String requestId) {
    return saved(checkout.create(params, requestId));
  }

  synchronized JsonObject checkoutSession(String id) {
    return checkout.retrieve(id);
  }

  synchronized JsonObject checkoutLineItems(String id) {
    return checkout.lineItems(id);
  }

  synchronized Change expireCheckoutSession(String id, String requestId) {
    return saved(checkout.expire(id, requestId));
  }

  synchronized Optional<CheckoutView> checkoutView(String id) {
    return checkout.view(id);
  }

  /** The customer paid on the hosted checkout page. */
  synchronized Change pay(String sessionId) {
    return saved(checkout.pay(sessionId));
  }

  // ------------------------------------------------------------------ portal

  synchronized Change createPortalSession(FormParams params) {
    return saved(portal.create(params));
  }

  synchronized Optional<PortalView> portalView(String portalSessionId) {
    return portal.view(portalSessionId);
  }

  synchronized Change portalAction(
      String portalSessionId, String subscriptionId, PortalAction action, String priceId) {
    return saved(portal.action(portalSessionId, subscriptionId, action, priceId));
  }

  // ------------------------------------------------------------------ subscriptions

  synchronized JsonObject subscription(String id) {
    return subscriptions.retrieve(id);
  }

  synchronized JsonObject subscriptions(FormParams query) {
    return subscriptions.list(query);
  }

  synchronized Change updateSubscription(String id, FormParams params, String requestId) {
    return saved(subscriptions.update(id, params, requestId));
  }

  synchronized Change cancelSubscription(String id, String requestId) {
    return saved(subscriptions.cancel(id, requestId));
  }

  // ------------------------------------------------------------------ invoices

  synchronized JsonObject invoice(String id) {
    return invoices.retrieve(id);
  }

  synchronized JsonObject invoices(FormParams query) {
    return invoices.list(query);
  }

  synchronized Optional<JsonObject> invoiceView(String id) {
    return invoices.view(id);
  }

  synchronized Change payOpenInvoice(String invoiceId) {
    return saved(invoices.payOpen(invoiceId));
  }

  synchronized Change voidInvoice(String id, String requestId) {
    return saved(invoices.voidInvoice(id, requestId));
  }

  synchronized Change markInvoiceUncollectible(String id, String requestId) {
    return saved(invoices.markUncollectible(id, requestId));
  }

  // ------------------------------------------------------------------ payments, refunds, disputes

  synchronized JsonObject paymentIntent(String id) {
    return payments.retrieveIntent(id);
  }

  synchronized JsonObject charge(String id) {
    return payments.retrieveCharge(id);
  }

  synchronized Change capturePaymentIntent(String id, FormParams params, String requestId) {
    return saved(payments.capture(id, params, requestId));
  }

  synchronized Change cancelPaymentIntent(String id, FormParams params, String requestId) {
    return saved(payments.cancel(id, params, requestId));
  }

  synchronized List<Payments.PaymentView> paymentsOf(String customerId) {
    return payments.of(customerId);
  }

  synchronized Change createRefund(FormParams params, String requestId, String idempotencyKey) {
    return saved(refunds.create(params, requestId, idempotencyKey));
  }

  synchronized JsonObject refund(String id) {
    return refunds.retrieve(id);
  }

  /** A local action: the cardholder's bank opens a chargeback. */
  synchronized Change openDispute(String chargeId, String reason) {
    return saved(disputes.open(chargeId, reason));
  }

  /** A local action: the bank decides the chargeback. */
  synchronized Change closeDispute(String disputeId, boolean won) {
    return saved(disputes.close(disputeId, won));
  }

  synchronized JsonObject dispute(String id) {
    return disputes.retrieve(id);
  }

  // ------------------------------------------------------------------ entitlements, catalog

  synchronized JsonObject activeEntitlements(FormParams query) {
    return entitlements.active(query);
  }

  JsonObject price(String id) {
    return prices.price(id);
  }

  JsonObject product(String id) {
    return prices.product(id);
  }

  JsonObject prices() {
    return prices.prices();
  }

  // ------------------------------------------------------------------ billing meters

  synchronized JsonObject meters(FormParams query) {
    return meters.list(query);
  }

  synchronized JsonObject createMeterEvent(FormParams params) {
    JsonObject event = meters.createEvent(params);
    account.save();
    return event;
  }

  synchronized JsonObject meterEventSummaries(String meterId, FormParams query) {
    return meters.summaries(meterId, query);
  }

  // ------------------------------------------------------------------ events

  synchronized JsonObject event(String id) {
    return events.retrieve(id);
  }

  /** The 100 newest events. */
  synchronized JsonObject eventList() {
    return events.list(FormParams.parse("limit=100"));
  }

  synchronized JsonObject eventList(FormParams params) {
    return events.list(params);
  }

  synchronized void webhookDelivered(String eventId) {
    if (events.delivered(eventId)) {
      account.save();
    }
  }

  // ------------------------------------------------------------------ idempotency keys

  /** The saved answer for an {@code Idempotency-Key}, if it was used within the last 24 hours. */
  synchronized Optional<IdempotentResponse> idempotentResponse(String key) {
    IdempotentResponse response = account.idempotency.get(key);
    return response != null && !account.expired(response)
        ? Optional.of(response)
        : Optional.empty();
  }

  /**
   * Saves the answer to a request sent with an {@code Idempotency-Key} (and forgets expired ones).
   */
  synchronized void rememberIdempotentResponse(String key, IdempotentResponse response) {
    account.idempotency.values().removeIf(account::expired);
    account.idempotency.put(key, response);
    account.save();
  }
}
