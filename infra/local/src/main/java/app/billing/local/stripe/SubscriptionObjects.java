package app.billing.local.stripe;

import static app.billing.local.stripe.StripeObjects.list;
import static app.billing.local.stripe.StripeObjects.nullable;

import app.billing.core.catalog.PriceMatch;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** Subscriptions and their items, as Stripe returns them. */
final class SubscriptionObjects {
  private final StripeObjects objects;

  SubscriptionObjects(StripeObjects objects) {
    this.objects = objects;
  }

  JsonObject item(
      String subscriptionId,
      String itemId,
      PriceMatch price,
      long quantity,
      long periodStart,
      long periodEnd,
      long created) {
    JsonObject item = objects.template("subscription_item");
    item.addProperty("id", itemId);
    item.add("billing_thresholds", JsonNull.INSTANCE);
    item.addProperty("created", created);
    item.addProperty("current_period_start", periodStart);
    item.addProperty("current_period_end", periodEnd);
    item.add("discounts", new JsonArray());
    item.add("metadata", new JsonObject());
    item.add("plan", objects.plan(price));
    item.add("price", objects.price(price));
    item.addProperty("quantity", quantity);
    item.addProperty("subscription", subscriptionId);
    item.add("tax_rates", new JsonArray());
    return item;
  }

  JsonObject subscription(
      String id,
      String customerId,
      JsonObject item,
      String status,
      JsonObject metadata,
      String currency,
      Long trialStart,
      Long trialEnd,
      String paymentMethod,
      long created) {
    JsonObject s = objects.template("subscription");
    s.addProperty("id", id);
    s.add("application", JsonNull.INSTANCE);
    s.add("application_fee_percent", JsonNull.INSTANCE);
    JsonObject tax = new JsonObject();
    tax.addProperty("enabled", false);
    tax.add("liability", JsonNull.INSTANCE);
    tax.add("disabled_reason", JsonNull.INSTANCE);
    s.add("automatic_tax", tax);
    s.addProperty(
        "billing_cycle_anchor",
        trialEnd != null ? trialEnd : item.get("current_period_start").getAsLong());
    s.add("billing_cycle_anchor_config", JsonNull.INSTANCE);
    JsonObject billingMode = new JsonObject();
    billingMode.addProperty("type", "classic");
    billingMode.add("flexible", JsonNull.INSTANCE);
    s.add("billing_mode", billingMode);
    s.add("billing_schedules", new JsonArray());
    s.add("billing_thresholds", JsonNull.INSTANCE);
    s.add("cancel_at", JsonNull.INSTANCE);
    s.addProperty("cancel_at_period_end", false);
    s.add("canceled_at", JsonNull.INSTANCE);
    s.add("cancellation_details", cancellationDetails(null));
    s.addProperty("collection_method", "charge_automatically");
    s.addProperty("created", created);
    s.addProperty("currency", currency);
    s.addProperty("customer", customerId);
    s.add("days_until_due", JsonNull.INSTANCE);
    s.addProperty("default_payment_method", paymentMethod);
    s.add("default_source", JsonNull.INSTANCE);
    s.add("default_tax_rates", new JsonArray());
    s.add("description", JsonNull.INSTANCE);
    s.add("discounts", new JsonArray());
    s.add("ended_at", JsonNull.INSTANCE);
    JsonObject invoiceSettings = new JsonObject();
    invoiceSettings.add("account_tax_ids", JsonNull.INSTANCE);
    JsonObject issuer = new JsonObject();
    issuer.addProperty("type", "self");
    invoiceSettings.add("issuer", issuer);
    s.add("invoice_settings", invoiceSettings);
    JsonArray items = new JsonArray();
    items.add(item);
    JsonObject itemList = list("/v1/subscription_items?subscription=" + id, items);
    itemList.addProperty("total_count", 1);
    s.add("items", itemList);
    s.add("latest_invoice", JsonNull.INSTANCE);
    s.addProperty("livemode", false);
    JsonObject managed = new JsonObject();
    managed.addProperty("enabled", false);
    s.add("managed_payments", managed);
    s.add("metadata", metadata);
    s.add("next_pending_invoice_item_invoice", JsonNull.INSTANCE);
    s.add("on_behalf_of", JsonNull.INSTANCE);
    s.add("pause_collection", JsonNull.INSTANCE);
    JsonObject paymentSettings = new JsonObject();
    paymentSettings.add("payment_method_options", JsonNull.INSTANCE);
    paymentSettings.add("payment_method_types", JsonNull.INSTANCE);
    paymentSettings.addProperty("save_default_payment_method", "off");
    s.add("payment_settings", paymentSettings);
    s.add("pending_invoice_item_interval", JsonNull.INSTANCE);
    s.add("pending_setup_intent", JsonNull.INSTANCE);
    s.add("pending_update", JsonNull.INSTANCE);
    s.add("schedule", JsonNull.INSTANCE);
    s.addProperty("start_date", created);
    s.addProperty("status", status);
    s.add("test_clock", JsonNull.INSTANCE);
    s.add("transfer_data", JsonNull.INSTANCE);
    s.add("trial_end", trialEnd == null ? JsonNull.INSTANCE : new JsonPrimitive(trialEnd));
    s.add("trial_start", trialStart == null ? JsonNull.INSTANCE : new JsonPrimitive(trialStart));
    return s;
  }

  static JsonObject cancellationDetails(String reason) {
    JsonObject details = new JsonObject();
    details.add("comment", JsonNull.INSTANCE);
    details.add("feedback", JsonNull.INSTANCE);
    details.add("reason", nullable(reason));
    return details;
  }
}
