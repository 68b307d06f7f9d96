package app.billing.local.stripe;

import static app.billing.local.stripe.StripeObjects.nullable;

import app.billing.core.catalog.PriceMatch;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.List;

/** Checkout Sessions and their line items, as Stripe returns them. */
final class CheckoutObjects {
  private final StripeObjects objects;

  CheckoutObjects(StripeObjects objects) {
    this.objects = objects;
  }

  /** What a Checkout Session was created with (after validation). */
  record CheckoutRequest(
      String mode,
      String customerId,
      String customerEmail,
      String clientReferenceId,
      String successUrl,
      String cancelUrl,
      List<LineItemRequest> lineItems,
      JsonObject metadata,
      JsonObject subscriptionMetadata,
      Long trialPeriodDays,
      JsonObject paymentIntentMetadata,
      boolean allowPromotionCodes,
      String customerCreation,
      String locale,
      String captureMethod,
      List<String> meteredPrices) {
    CheckoutRequest {
      // Absent from state files written before metered line items.
      meteredPrices = meteredPrices == null ? List.of() : List.copyOf(meteredPrices);
    }

    /** {@code payment_intent_data[capture_method]=manual}: the card is authorized, not charged. */
    boolean manualCapture() {
      return "manual".equals(captureMethod);
    }
  }

  record LineItemRequest(PriceMatch price, long quantity) {}

  JsonObject session(String id, CheckoutRequest request, long created) {
    JsonObject s = objects.template("checkout.session");
    long subtotal =
        request.lineItems().stream()
            .mapToLong(li -> li.price().price().amount() * li.quantity())
            .sum();
    boolean trial =
        "subscription".equals(request.mode())
            && request.trialPeriodDays() != null
            && request.trialPeriodDays() > 0;
    s.addProperty("id", id);
    s.add("after_expiration", JsonNull.INSTANCE);
    s.addProperty("allow_promotion_codes", request.allowPromotionCodes() ? Boolean.TRUE : null);
    s.addProperty("amount_subtotal", subtotal);
    // A trial's first invoice is $0, and so is what Checkout collects now.
    s.addProperty("amount_total", trial ? 0 : subtotal);
    JsonObject tax = new JsonObject();
    tax.addProperty("enabled", false);
    tax.add("liability", JsonNull.INSTANCE);
    tax.add("status", JsonNull.INSTANCE);
    tax.add("provider", JsonNull.INSTANCE);
    s.add("automatic_tax", tax);
    s.add("billing_address_collection", JsonNull.INSTANCE);
    s.add("cancel_url", nullable(request.cancelUrl()));
    s.add("client_reference_id", nullable(request.clientReferenceId()));
    s.add("collected_information", JsonNull.INSTANCE);
    s.add("consent", JsonNull.INSTANCE);
    s.add("consent_collection", JsonNull.INSTANCE);
    s.addProperty("created", created);
    s.addProperty("currency", request.lineItems().getFirst().price().price().currency());
    s.add("currency_conversion", JsonNull.INSTANCE);
    s.add("custom_fields", new JsonArray());
    JsonObject customText = new JsonObject();
    for (String key :
        List.of("after_submit", "shipping_address", "submit", "terms_of_service_acceptance")) {
      customText.add(key, JsonNull.INSTANCE);
    }
    s.add("custom_text", customText);
    s.add("customer", nullable(request.customerId()));
    s.add("customer_creation", nullable(request.customerCreation()));
    s.add("customer_details", JsonNull.INSTANCE);
    s.add("customer_email", nullable(request.customerEmail()));
    s.add("discounts", new JsonArray());
    s.addProperty("expires_at", created + 24 * 3600);
    s.add("invoice", JsonNull.INSTANCE);
    if ("payment".equals(request.mode())) {
      JsonObject invoiceCreation = new JsonObject();
      invoiceCreation.addProperty("enabled", false);
      JsonObject data = s.getAsJsonObject("invoice_creation").getAsJsonObject("invoice_data");
      data.add("issuer", JsonNull.INSTANCE);
      invoiceCreation.add("invoice_data", data);
      s.add("invoice_creation", invoiceCreation);
    } else {
      s.add("invoice_creation", JsonNull.INSTANCE);
    }
    s.addProperty("livemode", false);
    s.add("locale", nullable(request.locale()));
    s.add("metadata", request.metadata());
    s.addProperty("mode", request.mode());
    s.add("payment_intent", JsonNull.INSTANCE);
    s.add("payment_link", JsonNull.INSTANCE);
    s.addProperty("payment_method_collection", "always");
    s.add("payment_method_configuration_details", JsonNull.INSTANCE);
    s.add("payment_method_options", new JsonObject());
    JsonArray types = new JsonArray();
    types.add("card");
    s.add("payment_method_types", types);
    s.addProperty("payment_status", "unpaid");
    s.add("permissions", JsonNull.INSTANCE);
    JsonObject phone = new JsonObject();
    phone.addProperty("enabled", false);
    s.add("phone_number_collection", phone);
    s.add("recovered_from", JsonNull.INSTANCE);
    s.add("saved_payment_method_options", JsonNull.INSTANCE);
    s.add("setup_intent", JsonNull.INSTANCE);
    s.add("shipping_address_collection", JsonNull.INSTANCE);
    s.add("shipping_cost", JsonNull.INSTANCE);
    s.add("shipping_options", new JsonArray());
    s.addProperty("status", "open");
    s.add("submit_type", JsonNull.INSTANCE);
    s.add("subscription", JsonNull.INSTANCE);
    s.addProperty("success_url", request.successUrl());
    JsonObject totals = new JsonObject();
    totals.addProperty("amount_discount", 0);
    totals.addProperty("amount_shipping", 0);
    totals.addProperty("amount_tax", 0);
    s.add("total_details", totals);
    s.addProperty("ui_mode", "hosted");
    s.addProperty("url", objects.pagesBaseUrl() + "/_local/checkout/" + id);
    JsonObject adaptive = new JsonObject();
    adaptive.addProperty("enabled", false);
    s.add("adaptive_pricing", adaptive);
    s.add("wallet_options", JsonNull.INSTANCE);
    s.add("origin_context", JsonNull.INSTANCE);
    s.add("integration_identifier", JsonNull.INSTANCE);
    return s;
  }

  JsonObject lineItem(String sessionId, int index, LineItemRequest request) {
    JsonObject item = new JsonObject();
    long amount = request.price().price().amount() * request.quantity();
    item.addProperty("id", Ids.stable("li_1", sessionId + ":" + index, 23));
    item.addProperty("object", "item");
    item.addProperty("amount_discount", 0);
    item.addProperty("amount_subtotal", amount);
    item.addProperty("amount_tax", 0);
    item.addProperty("amount_total", amount);
    item.addProperty("currency", request.price().price().currency());
    item.addProperty("description", request.price().entry().name());
    item.add("price", objects.price(request.price()));
    item.addProperty("quantity", request.quantity());
    return item;
  }

  JsonObject customerDetails(JsonObject customer, String fallbackEmail) {
    JsonObject details = new JsonObject();
    JsonObject address = new JsonObject();
    address.add("city", JsonNull.INSTANCE);
    address.addProperty("country", "US");
    address.add("line1", JsonNull.INSTANCE);
    address.add("line2", JsonNull.INSTANCE);
    address.addProperty("postal_code", "94103");
    address.add("state", JsonNull.INSTANCE);
    details.add("address", address);
    JsonElement email =
        customer != null && customer.has("email") && !customer.get("email").isJsonNull()
            ? customer.get("email")
            : nullable(fallbackEmail);
    details.add("email", email);
    details.add("name", customer == null ? JsonNull.INSTANCE : customer.get("name"));
    details.add("phone", JsonNull.INSTANCE);
    details.addProperty("tax_exempt", "none");
    details.add("tax_ids", new JsonArray());
    details.add("business_name", JsonNull.INSTANCE);
    details.add("individual_name", JsonNull.INSTANCE);
    return details;
  }
}
