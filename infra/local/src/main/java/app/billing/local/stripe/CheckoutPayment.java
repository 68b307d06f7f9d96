package app.billing.local.stripe;

import app.billing.local.stripe.CheckoutObjects.CheckoutRequest;
import app.billing.local.stripe.CheckoutObjects.LineItemRequest;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What paying a Checkout Session creates: a subscription with its first invoice, or a one-time
 * payment. Returns the events in the order this stand-in sends them.
 */
final class CheckoutPayment {
  private final StripeAccount account;
  private final SubscriptionObjects subscriptionObjects;
  private final Invoices invoices;
  private final Entitlements entitlements;

  CheckoutPayment(StripeAccount account, Invoices invoices, Entitlements entitlements) {
    this.account = account;
    this.subscriptionObjects = new SubscriptionObjects(account.objects);
    this.invoices = invoices;
    this.entitlements = entitlements;
  }

  /**
   * A subscription (trialing when the session grants a trial) with its first invoice paid: events
   * checkout.session.completed, customer.subscription.created, invoice.paid, entitlements.
   */
  List<JsonObject> subscribe(
      JsonObject session, CheckoutRequest request, JsonObject customer, long now) {
    String customerId = customer.get("id").getAsString();
    LineItemRequest line = request.lineItems().getFirst();
    boolean trialing = request.trialPeriodDays() != null && request.trialPeriodDays() > 0;
    long periodEnd =
        trialing
            ? now + request.trialPeriodDays() * 86_400
            : StripeObjects.periodEnd(now, line.price().cycle());
    String subscriptionId = Ids.subscription();
    String itemId = Ids.subscriptionItem();
    JsonObject item =
        subscriptionObjects.item(
            subscriptionId, itemId, line.price(), line.quantity(), now, periodEnd, now);
    JsonObject subscription =
        subscriptionObjects.subscription(
            subscriptionId,
            customerId,
            item,
            trialing ? "trialing" : "active",
            request.subscriptionMetadata(),
            line.price().price().currency(),
            trialing ? now : null,
            trialing ? periodEnd : null,
            Ids.paymentMethod(),
            now);
    JsonObject invoice =
        invoices.create(customer, subscription, "subscription_create", trialing, now);
    Invoices.markPaid(invoice, now);
    subscription.addProperty("latest_invoice", invoice.get("id").getAsString());
    account.subscriptions.put(subscriptionId, subscription);
    session.addProperty("payment_status", trialing ? "no_payment_required" : "paid");
    session.addProperty("subscription", subscriptionId);
    session.addProperty("invoice", invoice.get("id").getAsString());
    List<JsonObject> caused = new ArrayList<>();
    caused.add(account.emit("checkout.session.completed", now, session, null));
    caused.add(account.emit("customer.subscription.created", now, subscription, null));
    caused.add(account.emit("invoice.paid", now, invoice, null));
    entitlements.changed(customerId, now).ifPresent(caused::add);
    return caused;
  }

  /** A paid one-time payment: checkout.session.completed. */
  List<JsonObject> payOnce(
      JsonObject session, CheckoutRequest request, JsonObject customer, long now) {
    session.addProperty("payment_status", "paid");
    session.addProperty("payment_intent", Ids.paymentIntent());
    return List.of(account.emit("checkout.session.completed", now, session, null));
  }
}
