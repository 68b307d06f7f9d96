package app.billing.provisioning.core.testing;

import app.billing.core.provisioning.PermanentFailureException;
import app.billing.core.testing.StoryEvent;
import app.billing.provisioning.core.port.StripeEventReads;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Dispute;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.net.ApiResource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stripe as provisioning sees it: objects by id, typed with stripe-java's Gson from fixture JSON.
 * {@link #fromStory} keeps, for every id, the object of the latest story event that carries it,
 * which is what Stripe would return after the story (its current state). Unknown ids throw, like a
 * 404. Calls are counted per method.
 */
public final class FakeStripeGateway implements StripeEventReads {
  private final Map<String, Subscription> subscriptions = new HashMap<>();
  private final Map<String, Invoice> invoices = new HashMap<>();
  private final Map<String, Customer> customers = new HashMap<>();
  private final Map<String, Session> sessions = new HashMap<>();
  private final Map<String, PaymentIntent> intents = new HashMap<>();
  private final Map<String, List<CheckoutLine>> checkoutLines = new HashMap<>();
  private final Map<String, List<String>> entitlementKeys = new HashMap<>();
  private final Map<String, Charge> charges = new HashMap<>();
  private final Map<String, Refund> refunds = new HashMap<>();
  private final Map<String, Dispute> disputes = new HashMap<>();
  private final Map<String, String> invoicesPaidBy = new HashMap<>();
  private final Map<String, Integer> calls = new TreeMap<>();

  /**
   * Latest state of every object in {@code events} (later events win), from their {@code
   * data.object}.
   */
  public static FakeStripeGateway fromStory(List<StoryEvent> events) {
    FakeStripeGateway gateway = new FakeStripeGateway();
    events.forEach(e -> gateway.putJson(e.dataObject()));
    return gateway;
  }

  /** Adds or replaces an object given as Stripe JSON, typed by its {@code object} field. */
  public synchronized FakeStripeGateway putJson(JsonObject json) {
    String type = json.get("object").getAsString();
    switch (type) {
      case "subscription" -> put(ApiResource.GSON.fromJson(json, Subscription.class));
      case "invoice" -> put(ApiResource.GSON.fromJson(json, Invoice.class));
      case "customer" -> put(ApiResource.GSON.fromJson(json, Customer.class));
      case "checkout.session" -> put(ApiResource.GSON.fromJson(json, Session.class));
      case "payment_intent" -> put(ApiResource.GSON.fromJson(json, PaymentIntent.class));
      case "charge" -> put(ApiResource.GSON.fromJson(json, Charge.class));
      case "refund" -> put(ApiResource.GSON.fromJson(json, Refund.class));
      case "dispute" -> put(ApiResource.GSON.fromJson(json, Dispute.class));
      case "entitlements.active_entitlement_summary" -> {
        List<String> keys =
            json.getAsJsonObject("entitlements").getAsJsonArray("data").asList().stream()
                .map(JsonElement::getAsJsonObject)
                .map(e -> e.get("lookup_key").getAsString())
                .toList();
        putEntitlements(json.get("customer").getAsString(), keys);
      }
      default -> {} // products and prices: provisioning never reads them
    }
    return this;
  }

  public synchronized FakeStripeGateway put(Subscription subscription) {
    subscriptions.put(subscription.getId(), subscription);
    return this;
  }

  public synchronized FakeStripeGateway put(Invoice invoice) {
    invoices.put(invoice.getId(), invoice);
    return this;
  }

  public synchronized FakeStripeGateway put(Customer customer) {
    customers.put(customer.getId(), customer);
    return this;
  }

  public synchronized FakeStripeGateway put(Session session) {
    sessions.put(session.getId(), session);
    return this;
  }

  public synchronized FakeStripeGateway put(PaymentIntent intent) {
    intents.put(intent.getId(), intent);
    return this;
  }

  public synchronized FakeStripeGateway put(Charge charge) {
    charges.put(charge.getId(), charge);
    return this;
  }

  public synchronized FakeStripeGateway put(Refund refund) {
    refunds.put(refund.getId(), refund);
    return this;
  }

  public synchronized FakeStripeGateway put(Dispute dispute) {
    disputes.put(dispute.getId(), dispute);
    return this;
  }

  /** Stripe's invoice payment: the payment intent paid the invoice. */
  public synchronized FakeStripeGateway putInvoicePayment(
      String paymentIntentId, String invoiceId) {
    invoicesPaidBy.put(paymentIntentId, invoiceId);
    return this;
  }

  public synchronized FakeStripeGateway putCheckoutPriceIds(
      String sessionId, List<String> priceIds) {
    return putCheckoutLines(
        sessionId, priceIds.stream().map(id -> new CheckoutLine(id, 1)).toList());
  }

  public synchronized FakeStripeGateway putCheckoutLines(
      String sessionId, List<CheckoutLine> lines) {
    checkoutLines.put(sessionId, List.copyOf(lines));
    return this;
  }

  public synchronized FakeStripeGateway putEntitlements(
      String customerId, List<String> lookupKeys) {
    entitlementKeys.put(customerId, List.copyOf(lookupKeys));
    return this;
  }

  @Override
  public synchronized Subscription subscription(String id) {
    return found("subscription", id, subscriptions.get(id));
  }

  @Override
  public synchronized Invoice invoice(String id) {
    return found("invoice", id, invoices.get(id));
  }

  @Override
  public synchronized Customer customer(String id) {
    return found("customer", id, customers.get(id));
  }

  @Override
  public synchronized Session checkoutSession(String id) {
    return found("checkoutSession", id, sessions.get(id));
  }

  @Override
  public synchronized PaymentIntent paymentIntent(String id) {
    return found("paymentIntent", id, intents.get(id));
  }

  /** The session whose {@code payment_intent} is the id, like Stripe's list filter. */
  @Override
  public synchronized Optional<Session> checkoutSessionOfPaymentIntent(String paymentIntentId) {
    count("checkoutSessionOfPaymentIntent");
    return sessions.values().stream()
        .filter(s -> paymentIntentId.equals(s.getPaymentIntent()))
        .findFirst();
  }

  /** The invoice of the payment intent's invoice payment, like Stripe's list filter. */
  @Override
  public synchronized Optional<String> invoiceOfPaymentIntent(String paymentIntentId) {
    count("invoiceOfPaymentIntent");
    return Optional.ofNullable(invoicesPaidBy.get(paymentIntentId));
  }

  @Override
  public synchronized List<CheckoutLine> checkoutLines(String sessionId) {
    return found("checkoutLines", sessionId, checkoutLines.get(sessionId));
  }

  @Override
  public synchronized List<String> activeEntitlementLookupKeys(String customerId) {
    count("activeEntitlementLookupKeys");
    return entitlementKeys.getOrDefault(customerId, List.of());
  }

  @Override
  public synchronized Charge charge(String id) {
    return found("charge", id, charges.get(id));
  }

  @Override
  public synchronized Refund refund(String id) {
    return found("refund", id, refunds.get(id));
  }

  @Override
  public synchronized Dispute dispute(String id) {
    return found("dispute", id, disputes.get(id));
  }

  /** Calls of one {@link StripeEventReads} method, by method name. */
  public synchronized int calls(String method) {
    return calls.getOrDefault(method, 0);
  }

  public synchronized int totalCalls() {
    return calls.values().stream().mapToInt(Integer::intValue).sum();
  }

  public synchronized Map<String, Integer> callCounts() {
    return Map.copyOf(calls);
  }

  /**
   * Stripe answers 404 {@code resource_missing} for {@code id}, for good (until {@link #restore}).
   */
  public synchronized FakeStripeGateway missing(String id) {
    missing.add(id);
    return this;
  }

  public synchronized FakeStripeGateway restore(String id) {
    missing.remove(id);
    return this;
  }

  private final java.util.Set<String> missing = new java.util.HashSet<>();

  private <T> T found(String method, String id, T value) {
    count(method);
    if (missing.contains(id)) {
      throw new PermanentFailureException("stripe_404_resource_missing", "No such object: " + id);
    }
    if (value == null) {
      throw new IllegalStateException("fake Stripe has no " + method + " for " + id + " (a 404)");
    }
    return value;
  }

  private void count(String method) {
    calls.merge(method, 1, Integer::sum);
  }
}
