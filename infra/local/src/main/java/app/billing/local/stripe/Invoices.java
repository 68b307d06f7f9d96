package app.billing.local.stripe;

import static app.billing.local.stripe.StripeJson.hasStatus;
import static app.billing.local.stripe.StripeJson.item;
import static app.billing.local.stripe.StripeJson.string;

import app.billing.core.catalog.PriceMatch;
import app.billing.local.stripe.InvoiceObjects.InvoiceRequest;
import app.billing.local.stripe.StripeBackend.Change;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code /v1/invoices}: the subscription invoices the stand-in bills, paid or open. */
final class Invoices {
  private final StripeAccount account;
  private final InvoiceObjects objects;

  Invoices(StripeAccount account) {
    this.account = account;
    this.objects = new InvoiceObjects(account.objects);
  }

  JsonObject retrieve(String id) {
    return require(id).deepCopy();
  }

  JsonObject list(FormParams query) {
    Optional<String> customer = query.string("customer");
    Optional<String> subscription = query.string("subscription");
    List<JsonObject> data =
        account.invoices.values().stream()
            .filter(
                i -> customer.isEmpty() || customer.get().equals(i.get("customer").getAsString()))
            .filter(i -> subscription.isEmpty() || subscription.get().equals(subscriptionOf(i)))
            .sorted(StripeJson.NEWEST_FIRST)
            .toList();
    return StripeLists.page("/v1/invoices", data, query);
  }

  Optional<JsonObject> view(String id) {
    return Optional.ofNullable(account.invoices.get(id)).map(JsonObject::deepCopy);
  }

  /** The customer pays an open invoice on its hosted page (or a retry succeeds). */
  Change payOpen(String invoiceId) {
    JsonObject invoice = require(invoiceId);
    if (!hasStatus(invoice, "open")) {
      throw StripeError.invalid(
          "Invoice is already " + invoice.get("status").getAsString() + ".", null);
    }
    account.customer(invoice.get("customer").getAsString(), "customer"); // not deleted
    return pay(invoice);
  }

  /** Pays an open invoice: the customer is no longer delinquent, a past_due subscription active. */
  Change pay(JsonObject invoice) {
    long now = account.now();
    invoice.addProperty("attempt_count", invoice.get("attempt_count").getAsInt() + 1);
    markPaid(invoice, now);
    List<JsonObject> caused = new ArrayList<>(paidEvents(invoice, now));
    JsonObject customer = account.customers.get(invoice.get("customer").getAsString());
    if (customer.get("delinquent").getAsBoolean()) {
      JsonObject previous = new JsonObject();
      previous.addProperty("delinquent", true);
      customer.addProperty("delinquent", false);
      caused.add(account.emit("customer.updated", now, customer, previous));
    }
    String subscriptionId = subscriptionOf(invoice);
    JsonObject subscription =
        subscriptionId == null ? null : account.subscriptions.get(subscriptionId);
    if (subscription != null && hasStatus(subscription, "past_due")) {
      JsonObject previous = new JsonObject();
      previous.addProperty("status", "past_due");
      subscription.addProperty("status", "active");
      caused.add(account.emit("customer.subscription.updated", now, subscription, previous));
    }
    return new Change(invoice.deepCopy(), caused);
  }

  /** {@code invoice.paid} then {@code invoice.payment_succeeded}, as Stripe sends them. */
  List<JsonObject> paidEvents(JsonObject invoice, long now) {
    return List.of(
        account.emit("invoice.paid", now, invoice, null),
        account.emit("invoice.payment_succeeded", now, invoice, null));
  }

  /** {@code invoice.finalized}: the new invoice as it was created (open), before it is paid. */
  JsonObject finalizedEvent(JsonObject invoice, long now) {
    return account.emit("invoice.finalized", now, invoice, null);
  }

  /** {@code POST /v1/invoices/{id}/void}: an open invoice is voided; nothing is owed. */
  Change voidInvoice(String id, String requestId) {
    return close(id, "void", "voided_at", "invoice.voided", requestId);
  }

  /** {@code POST /v1/invoices/{id}/mark_uncollectible}: an open invoice is written off. */
  Change markUncollectible(String id, String requestId) {
    return close(
        id, "uncollectible", "marked_uncollectible_at", "invoice.marked_uncollectible", requestId);
  }

  private Change close(
      String id, String status, String transition, String eventType, String requestId) {
    JsonObject invoice = require(id);
    String current = invoice.get("status").getAsString();
    // Stripe voids open or uncollectible invoices, and writes off open ones.
    if (!current.equals("open") && !(status.equals("void") && current.equals("uncollectible"))) {
      throw StripeError.invalid(
          "You can only "
              + (status.equals("void") ? "void" : "mark uncollectible")
              + " an open invoice (this one is "
              + current
              + ").",
          null);
    }
    long now = account.now();
    JsonObject previous = new JsonObject();
    previous.addProperty("status", current);
    invoice.addProperty("status", status);
    invoice.addProperty("auto_advance", false);
    invoice.add("next_payment_attempt", JsonNull.INSTANCE);
    invoice.getAsJsonObject("status_transitions").addProperty(transition, now);
    if (status.equals("void")) {
      invoice.addProperty("amount_remaining", 0);
    }
    return new Change(
        invoice.deepCopy(),
        List.of(account.emit(eventType, now, invoice, previous, requestId, null)));
  }

  /** A finalized (open) invoice for the subscription's current period. */
  JsonObject create(
      JsonObject customer, JsonObject subscription, String billingReason, boolean trial, long now) {
    JsonObject item = item(subscription);
    PriceMatch price =
        account
            .objects
            .priceMatch(item.getAsJsonObject("price").get("id").getAsString())
            .orElseThrow();
    int sequence = customer.get("next_invoice_sequence").getAsInt();
    customer.addProperty("next_invoice_sequence", sequence + 1);
    String number =
        customer.get("invoice_prefix").getAsString() + "-" + String.format("%04d", sequence);
    String id = Ids.invoice();
    JsonObject invoice =
        objects.invoice(
            id,
            new InvoiceRequest(
                customer.get("id").getAsString(),
                string(customer, "email"),
                string(customer, "name"),
                subscription.get("id").getAsString(),
                subscription.getAsJsonObject("metadata").deepCopy(),
                item.get("id").getAsString(),
                price,
                item.get("quantity").getAsLong(),
                item.get("current_period_start").getAsLong(),
                item.get("current_period_end").getAsLong(),
                billingReason,
                trial,
                number),
            now);
    account.invoices.put(id, invoice);
    return invoice;
  }

  static void markPaid(JsonObject invoice, long now) {
    long due = invoice.get("amount_due").getAsLong();
    invoice.addProperty("status", "paid");
    invoice.addProperty("amount_paid", due);
    invoice.addProperty("amount_remaining", 0);
    invoice.addProperty("attempted", true);
    if (due > 0 && invoice.get("attempt_count").getAsInt() == 0) {
      invoice.addProperty("attempt_count", 1);
    }
    invoice.add("next_payment_attempt", JsonNull.INSTANCE);
    invoice.addProperty("auto_advance", false);
    invoice.getAsJsonObject("status_transitions").addProperty("paid_at", now);
    invoice.addProperty("webhooks_delivered_at", now);
  }

  /** The subscription's latest invoice, when it is still open (a failed renewal). */
  Optional<JsonObject> openInvoiceOf(JsonObject subscription) {
    JsonElement latest = subscription.get("latest_invoice");
    if (latest == null || latest.isJsonNull()) {
      return Optional.empty();
    }
    JsonObject invoice = account.invoices.get(latest.getAsString());
    return invoice != null && hasStatus(invoice, "open") ? Optional.of(invoice) : Optional.empty();
  }

  static String subscriptionOf(JsonObject invoice) {
    JsonElement parent = invoice.get("parent");
    if (parent == null || !parent.isJsonObject()) {
      return null;
    }
    JsonElement details = parent.getAsJsonObject().get("subscription_details");
    return details != null && details.isJsonObject()
        ? string(details.getAsJsonObject(), "subscription")
        : null;
  }

  private JsonObject require(String id) {
    JsonObject invoice = account.invoices.get(id);
    if (invoice == null) {
      throw StripeError.noSuch("invoice", id, "id");
    }
    return invoice;
  }
}
