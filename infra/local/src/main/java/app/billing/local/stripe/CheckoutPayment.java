package app.billing.local.stripe;

import app.billing.local.stripe.CheckoutObjects.CheckoutRequest;
import app.billing.local.stripe.CheckoutObjects.LineItemRequest;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What paying a Checkout Session creates: a subscription with its first invoice, or a one-time
 * payment. Returns the events in the order this stand-in sends them.
 */
final class CheckoutPayment {
  private final StripeAccount account;
  private final SubscriptionObjects subscriptionObjects;
  private final Invoices invoices;
  private final Entitlements entitlements;
  private final Payments payments;

  CheckoutPayment(
      StripeAccount account, Invoices invoices, Entitlements entitlements, Payments payments) {
    this.account = account;
    this.subscriptionObjects = new SubscriptionObjects(account.objects);
    this.invoices = invoices;
    this.entitlements = entitlements;
    this.payments = payments;
  }

  /**
   * A subscription (trialing when the session grants a trial) with its first invoice paid: events
   * checkout.session.completed, customer.subscription.created, invoice.finalized, invoice.paid,
   * invoice.payment_succeeded, entitlements. A customer may have several subscriptions.
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
    JsonObject items = subscription.getAsJsonObject("items");
    for (String price : request.meteredPrices()) {
      account.objects.catalog().entries().stream()
          .flatMap(entry -> entry.meters().stream())
          .filter(meter -> meter.price().equals(price))
          .findFirst()
          .ifPresent(meter -> items.getAsJsonArray("data").add(Meters.meteredItem(item, meter)));
    }
    items.addProperty("total_count", items.getAsJsonArray("data").size());
    JsonObject invoice =
        invoices.create(customer, subscription, "subscription_create", trialing, now);
    JsonObject finalized = invoices.finalizedEvent(invoice, now);
    Invoices.markPaid(invoice, now);
    subscription.addProperty("latest_invoice", invoice.get("id").getAsString());
    account.subscriptions.put(subscriptionId, subscription);
    session.addProperty("payment_status", trialing ? "no_payment_required" : "paid");
    session.addProperty("subscription", subscriptionId);
    session.addProperty("invoice", invoice.get("id").getAsString());
    List<JsonObject> caused = new ArrayList<>();
    caused.add(account.emit("checkout.session.completed", now, session, null));
    caused.add(account.emit("customer.subscription.created", now, subscription, null));
    caused.add(finalized);
    caused.addAll(invoices.paidEvents(invoice, now));
    entitlements.changed(customerId, now).ifPresent(caused::add);
    return caused;
  }

  /**
   * A one-time payment of the session's total (each line's price × quantity): events
   * checkout.session.completed, payment_intent.succeeded, charge.succeeded. With manual capture the
   * card is only authorized: the session stays {@code unpaid} and payment_intent
   * .amount_capturable_updated follows instead.
   */
  List<JsonObject> payOnce(
      JsonObject session, CheckoutRequest request, JsonObject customer, long now) {
    long amount =
        request.lineItems().stream()
            .mapToLong(li -> li.price().price().amount() * li.quantity())
            .sum();
    JsonObject intent =
        payments.create(
            new PaymentObjects.Payment(
                customer.get("id").getAsString(),
                amount,
                request.lineItems().getFirst().price().price().currency(),
                request.manualCapture(),
                request.paymentIntentMetadata(),
                Ids.paymentMethod()),
            now);
    session.addProperty("payment_status", request.manualCapture() ? "unpaid" : "paid");
    session.addProperty("payment_intent", intent.get("id").getAsString());
    List<JsonObject> caused = new ArrayList<>();
    caused.add(account.emit("checkout.session.completed", now, session, null));
    caused.addAll(payments.createdEvents(intent, now));
    return caused;
  }

  Optional<JsonObject> intentOfSession(JsonObject session) {
    return payments.intentOfSession(session);
  }
}
