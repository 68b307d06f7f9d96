package app.billing.local.stripe;

import static app.billing.local.stripe.StripeObjects.interval;
import static app.billing.local.stripe.StripeObjects.list;
import static app.billing.local.stripe.StripeObjects.nullable;
import static app.billing.local.stripe.StripeObjects.productId;

import app.billing.core.catalog.PriceMatch;
import app.billing.core.email.Formats;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/** Invoices and their lines, as Stripe returns them. */
final class InvoiceObjects {
  private final StripeObjects objects;

  InvoiceObjects(StripeObjects objects) {
    this.objects = objects;
  }

  /** What an invoice bills: one subscription item for one period. */
  record InvoiceRequest(
      String customerId,
      String customerEmail,
      String customerName,
      String subscriptionId,
      JsonObject subscriptionMetadata,
      String subscriptionItemId,
      PriceMatch price,
      long quantity,
      long periodStart,
      long periodEnd,
      String billingReason,
      boolean trial,
      String number) {}

  JsonObject invoice(String id, InvoiceRequest request, long created) {
    JsonObject in = objects.template("invoice");
    long amount = request.trial() ? 0 : request.price().price().amount() * request.quantity();
    String currency = request.price().price().currency();
    in.addProperty("id", id);
    in.addProperty("account_country", "US");
    in.addProperty("account_name", StripeObjects.ACCOUNT_NAME);
    in.addProperty("amount_due", amount);
    in.addProperty("amount_overpaid", 0);
    in.addProperty("amount_paid", 0);
    in.addProperty("amount_remaining", amount);
    in.addProperty("amount_shipping", 0);
    in.addProperty("attempt_count", 0);
    in.addProperty("attempted", false);
    in.addProperty("auto_advance", true);
    JsonObject tax = new JsonObject();
    tax.addProperty("enabled", false);
    tax.add("liability", JsonNull.INSTANCE);
    tax.add("status", JsonNull.INSTANCE);
    tax.add("disabled_reason", JsonNull.INSTANCE);
    tax.add("provider", JsonNull.INSTANCE);
    in.add("automatic_tax", tax);
    in.add("automatically_finalizes_at", JsonNull.INSTANCE);
    in.addProperty("billing_reason", request.billingReason());
    in.addProperty("created", created);
    in.addProperty("currency", currency);
    in.addProperty("customer", request.customerId());
    in.add("customer_address", JsonNull.INSTANCE);
    in.add("customer_email", nullable(request.customerEmail()));
    in.add("customer_name", nullable(request.customerName()));
    in.add("customer_shipping", JsonNull.INSTANCE);
    in.add("customer_tax_ids", new JsonArray());
    in.add("due_date", JsonNull.INSTANCE);
    in.addProperty("effective_at", created);
    in.addProperty("ending_balance", 0);
    in.add("from_invoice", JsonNull.INSTANCE);
    in.addProperty("hosted_invoice_url", objects.pagesBaseUrl() + "/_local/invoices/" + id);
    in.add("invoice_pdf", JsonNull.INSTANCE); // the stand-in renders no PDFs
    JsonObject issuer = new JsonObject();
    issuer.addProperty("type", "self");
    in.add("issuer", issuer);
    in.add("last_finalization_error", JsonNull.INSTANCE);
    in.add("latest_revision", JsonNull.INSTANCE);
    JsonArray lines = new JsonArray();
    lines.add(line(id, request, amount, currency));
    JsonObject lineList = list("/v1/invoices/" + id + "/lines", lines);
    lineList.addProperty("total_count", 1);
    in.add("lines", lineList);
    in.addProperty("livemode", false);
    in.add("metadata", new JsonObject());
    in.add("next_payment_attempt", JsonNull.INSTANCE);
    in.addProperty("number", request.number());
    JsonObject parent = new JsonObject();
    parent.add("quote_details", JsonNull.INSTANCE);
    JsonObject subscriptionDetails = new JsonObject();
    subscriptionDetails.add("metadata", request.subscriptionMetadata());
    subscriptionDetails.addProperty("subscription", request.subscriptionId());
    parent.add("subscription_details", subscriptionDetails);
    parent.addProperty("type", "subscription_details");
    in.add("parent", parent);
    JsonObject paymentSettings = new JsonObject();
    paymentSettings.add("default_mandate", JsonNull.INSTANCE);
    paymentSettings.add("payment_method_options", JsonNull.INSTANCE);
    paymentSettings.add("payment_method_types", JsonNull.INSTANCE);
    in.add("payment_settings", paymentSettings);
    in.addProperty("period_start", request.periodStart());
    in.addProperty("period_end", request.periodEnd());
    in.add("receipt_number", JsonNull.INSTANCE);
    in.add("shipping_cost", JsonNull.INSTANCE);
    in.add("shipping_details", JsonNull.INSTANCE);
    in.add("statement_descriptor", JsonNull.INSTANCE);
    in.addProperty("status", "open");
    JsonObject transitions = new JsonObject();
    transitions.addProperty("finalized_at", created);
    transitions.add("marked_uncollectible_at", JsonNull.INSTANCE);
    transitions.add("paid_at", JsonNull.INSTANCE);
    transitions.add("voided_at", JsonNull.INSTANCE);
    in.add("status_transitions", transitions);
    in.add("subscription", JsonNull.INSTANCE);
    in.addProperty("subtotal", amount);
    in.addProperty("subtotal_excluding_tax", amount);
    in.addProperty("total", amount);
    in.addProperty("total_excluding_tax", amount);
    in.add("total_pretax_credit_amounts", new JsonArray());
    in.add("total_taxes", new JsonArray());
    in.add("webhooks_delivered_at", JsonNull.INSTANCE);
    return in;
  }

  private JsonObject line(String invoiceId, InvoiceRequest request, long amount, String currency) {
    JsonObject line = new JsonObject();
    line.addProperty("id", Ids.invoiceLine());
    line.addProperty("object", "line_item");
    line.addProperty("amount", amount);
    line.addProperty("currency", currency);
    PriceMatch price = request.price();
    line.addProperty(
        "description",
        request.trial()
            ? "Trial period for " + price.entry().name()
            : request.quantity()
                + " × "
                + price.entry().name()
                + " (at "
                + Formats.money(price.price().amount(), price.price().currency())
                + " / "
                + interval(price.cycle())
                + ")");
    line.add("discount_amounts", new JsonArray());
    line.addProperty("discountable", true);
    line.add("discounts", new JsonArray());
    line.addProperty("invoice", invoiceId);
    line.addProperty("livemode", false);
    line.add("metadata", request.subscriptionMetadata().deepCopy());
    JsonObject period = new JsonObject();
    period.addProperty("end", request.periodEnd());
    period.addProperty("start", request.periodStart());
    line.add("period", period);
    line.addProperty("quantity", request.quantity());
    line.addProperty("subscription", request.subscriptionId());
    line.add("pretax_credit_amounts", new JsonArray());
    line.add("taxes", new JsonArray());
    JsonObject parent = new JsonObject();
    parent.add("invoice_item_details", JsonNull.INSTANCE);
    JsonObject itemDetails = new JsonObject();
    itemDetails.add("invoice_item", JsonNull.INSTANCE);
    itemDetails.addProperty("proration", false);
    JsonObject proration = new JsonObject();
    proration.add("credited_items", JsonNull.INSTANCE);
    itemDetails.add("proration_details", proration);
    itemDetails.addProperty("subscription", request.subscriptionId());
    itemDetails.addProperty("subscription_item", request.subscriptionItemId());
    parent.add("subscription_item_details", itemDetails);
    parent.addProperty("type", "subscription_item_details");
    line.add("parent", parent);
    JsonObject pricing = new JsonObject();
    JsonObject priceDetails = new JsonObject();
    priceDetails.addProperty("price", price.price().priceId());
    priceDetails.addProperty("product", productId(price.entry()));
    pricing.add("price_details", priceDetails);
    pricing.addProperty("type", "price_details");
    pricing.addProperty(
        "unit_amount_decimal", Long.toString(request.trial() ? 0 : price.price().amount()));
    line.add("pricing", pricing);
    line.addProperty("subtotal", amount);
    line.add("quantity_decimal", JsonNull.INSTANCE);
    return line;
  }
}
