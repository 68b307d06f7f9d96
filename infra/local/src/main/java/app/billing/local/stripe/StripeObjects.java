package app.billing.local.stripe;

import app.billing.core.catalog.BillingCycle;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.catalog.PriceMatch;
import app.billing.core.email.Formats;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.stripe.Stripe;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds Stripe-shaped JSON objects of the SDK's API version ({@value Stripe#API_VERSION}) from the
 * fixture objects in {@code stripe/objects/} (Stripe's own OpenAPI fixtures), overwriting every
 * field with a value that makes sense and clearing the fixtures' placeholder values. Catalog plans
 * become prices and products with stable ids.
 */
final class StripeObjects {
  /** Catalog prices and products were "created" here; a constant so ids and objects stay stable. */
  static final long CATALOG_CREATED = 1_767_225_600L; // 2026-01-01T00:00:00Z

  static final String ACCOUNT_NAME = "Acme (local Stripe stand-in)";

  private final Map<String, JsonObject> templates = new HashMap<>();
  private final Catalog catalog;
  private final String pagesBaseUrl;

  /**
   * @param pagesBaseUrl where the local hosted pages are served, e.g. {@code http://127.0.0.1:3000}
   */
  StripeObjects(Catalog catalog, String pagesBaseUrl) {
    this.catalog = catalog;
    this.pagesBaseUrl = pagesBaseUrl;
    for (String type :
        List.of(
            "customer",
            "checkout.session",
            "subscription",
            "subscription_item",
            "price",
            "product",
            "invoice",
            "billing_portal.session",
            "entitlements.active_entitlement",
            "entitlements.active_entitlement_summary",
            "entitlements.feature",
            "event")) {
      templates.put(type, load(type));
    }
  }

  Catalog catalog() {
    return catalog;
  }

  String pagesBaseUrl() {
    return pagesBaseUrl;
  }

  private static JsonObject load(String type) {
    String resource = "stripe/objects/" + type + ".json";
    try (InputStream in = StripeObjects.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonObject template(String type) {
    return templates.get(type).deepCopy();
  }

  // --- catalog: products, prices, features ---

  Optional<PriceMatch> priceMatch(String priceId) {
    return catalog.byPriceId(priceId);
  }

  static String productId(CatalogEntry entry) {
    return Ids.stable("prod_", "product:" + entry.key(), 14);
  }

  static String featureId(String lookupKey) {
    return Ids.stable("feat_test_", "feature:" + lookupKey, 30);
  }

  JsonObject product(CatalogEntry entry) {
    JsonObject p = template("product");
    p.addProperty("id", productId(entry));
    p.addProperty("name", entry.name());
    p.addProperty("description", entry.description());
    p.addProperty("active", true);
    p.addProperty("created", CATALOG_CREATED);
    p.addProperty("updated", CATALOG_CREATED);
    p.addProperty("default_price", entry.prices().values().iterator().next().priceId());
    p.add("metadata", metadata(Map.of("catalog_key", entry.key())));
    p.add("package_dimensions", JsonNull.INSTANCE);
    p.add("images", new JsonArray());
    JsonArray features = new JsonArray();
    for (String feature : entry.features()) {
      JsonObject marketing = new JsonObject();
      marketing.addProperty("name", feature);
      features.add(marketing);
    }
    p.add("marketing_features", features);
    p.addProperty("type", "service");
    p.addProperty("livemode", false);
    return p;
  }

  JsonObject price(PriceMatch match) {
    JsonObject p = template("price");
    p.addProperty("id", match.price().priceId());
    p.addProperty("product", productId(match.entry()));
    p.addProperty("active", true);
    p.addProperty("created", CATALOG_CREATED);
    p.addProperty("currency", match.price().currency());
    p.addProperty("unit_amount", match.price().amount());
    p.addProperty("unit_amount_decimal", Long.toString(match.price().amount()));
    p.addProperty("lookup_key", match.entry().key() + "_" + match.cycle().wireName());
    p.addProperty(
        "nickname", match.entry().name() + " (" + match.cycle().wireName().replace('_', '-') + ")");
    p.add("metadata", metadata(Map.of("catalog_key", match.entry().key())));
    p.add("transform_quantity", JsonNull.INSTANCE);
    p.add("custom_unit_amount", JsonNull.INSTANCE);
    p.addProperty("livemode", false);
    if (match.cycle() == BillingCycle.ONE_TIME) {
      p.addProperty("type", "one_time");
      p.add("recurring", JsonNull.INSTANCE);
    } else {
      p.addProperty("type", "recurring");
      JsonObject recurring = new JsonObject();
      recurring.addProperty("interval", interval(match.cycle()));
      recurring.addProperty("interval_count", 1);
      recurring.add("meter", JsonNull.INSTANCE);
      recurring.addProperty("usage_type", "licensed");
      recurring.add("trial_period_days", JsonNull.INSTANCE);
      p.add("recurring", recurring);
    }
    return p;
  }

  /** The legacy {@code plan} object Stripe still puts on subscription items. */
  JsonObject plan(PriceMatch match) {
    JsonObject plan = new JsonObject();
    plan.addProperty("id", match.price().priceId());
    plan.addProperty("object", "plan");
    plan.addProperty("active", true);
    plan.addProperty("amount", match.price().amount());
    plan.addProperty("amount_decimal", Long.toString(match.price().amount()));
    plan.addProperty("billing_scheme", "per_unit");
    plan.addProperty("created", CATALOG_CREATED);
    plan.addProperty("currency", match.price().currency());
    plan.addProperty("interval", interval(match.cycle()));
    plan.addProperty("interval_count", 1);
    plan.addProperty("livemode", false);
    plan.add("metadata", metadata(Map.of("catalog_key", match.entry().key())));
    plan.add("meter", JsonNull.INSTANCE);
    plan.addProperty("nickname", match.entry().name());
    plan.addProperty("product", productId(match.entry()));
    plan.add("tiers_mode", JsonNull.INSTANCE);
    plan.add("transform_usage", JsonNull.INSTANCE);
    plan.add("trial_period_days", JsonNull.INSTANCE);
    plan.addProperty("usage_type", "licensed");
    return plan;
  }

  static String interval(BillingCycle cycle) {
    return cycle == BillingCycle.YEARLY ? "year" : "month";
  }

  /** The end of a billing period that starts at {@code start}. */
  static long periodEnd(long start, BillingCycle cycle) {
    var startTime = Instant.ofEpochSecond(start).atZone(ZoneOffset.UTC);
    return (cycle == BillingCycle.YEARLY ? startTime.plusYears(1) : startTime.plusMonths(1))
        .toEpochSecond();
  }

  JsonObject feature(String lookupKey) {
    JsonObject f = template("entitlements.feature");
    f.addProperty("id", featureId(lookupKey));
    f.addProperty("active", true);
    f.addProperty("livemode", false);
    f.addProperty("lookup_key", lookupKey);
    f.add("metadata", new JsonObject());
    f.addProperty("name", lookupKey.replace('_', ' '));
    return f;
  }

  JsonObject activeEntitlement(String customerId, String lookupKey) {
    JsonObject e = template("entitlements.active_entitlement");
    e.addProperty("id", Ids.stable("ent_test_", "entitlement:" + customerId + ":" + lookupKey, 30));
    e.addProperty("feature", featureId(lookupKey));
    e.addProperty("livemode", false);
    e.addProperty("lookup_key", lookupKey);
    return e;
  }

  JsonObject activeEntitlementSummary(String customerId, List<String> lookupKeys) {
    JsonObject s = template("entitlements.active_entitlement_summary");
    s.addProperty("customer", customerId);
    s.addProperty("livemode", false);
    JsonArray data = new JsonArray();
    for (String key : lookupKeys) {
      data.add(activeEntitlement(customerId, key));
    }
    s.add("entitlements", list("/v1/customer/" + customerId + "/entitlements", data));
    return s;
  }

  // --- customers ---

  JsonObject customer(
      String id,
      String email,
      String name,
      String description,
      String phone,
      JsonObject metadata,
      long created) {
    JsonObject c = template("customer");
    c.addProperty("id", id);
    c.add("address", JsonNull.INSTANCE);
    c.addProperty("balance", 0);
    c.addProperty("created", created);
    c.add("currency", JsonNull.INSTANCE);
    c.add("default_source", JsonNull.INSTANCE);
    c.addProperty("delinquent", false);
    c.add("description", nullable(description));
    c.add("discount", JsonNull.INSTANCE);
    c.add("email", nullable(email));
    c.addProperty("invoice_prefix", Ids.stable("", "prefix:" + id, 8).toUpperCase());
    c.addProperty("livemode", false);
    c.add("metadata", metadata == null ? new JsonObject() : metadata);
    c.add("name", nullable(name));
    c.addProperty("next_invoice_sequence", 1);
    c.add("phone", nullable(phone));
    c.add("preferred_locales", new JsonArray());
    c.add("shipping", JsonNull.INSTANCE);
    c.addProperty("tax_exempt", "none");
    c.add("test_clock", JsonNull.INSTANCE);
    return c;
  }

  static JsonObject deletedCustomer(String id) {
    JsonObject c = new JsonObject();
    c.addProperty("id", id);
    c.addProperty("object", "customer");
    c.addProperty("deleted", true);
    return c;
  }

  // --- checkout ---

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
      String locale) {}

  record LineItemRequest(PriceMatch price, long quantity) {}

  JsonObject checkoutSession(String id, CheckoutRequest request, long created) {
    JsonObject s = template("checkout.session");
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
    s.addProperty("url", pagesBaseUrl + "/_local/checkout/" + id);
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
    item.add("price", price(request.price()));
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

  // --- subscriptions ---

  JsonObject subscriptionItem(
      String subscriptionId,
      String itemId,
      PriceMatch price,
      long quantity,
      long periodStart,
      long periodEnd,
      long created) {
    JsonObject item = template("subscription_item");
    item.addProperty("id", itemId);
    item.add("billing_thresholds", JsonNull.INSTANCE);
    item.addProperty("created", created);
    item.addProperty("current_period_start", periodStart);
    item.addProperty("current_period_end", periodEnd);
    item.add("discounts", new JsonArray());
    item.add("metadata", new JsonObject());
    item.add("plan", plan(price));
    item.add("price", price(price));
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
    JsonObject s = template("subscription");
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

  // --- invoices ---

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
    JsonObject in = template("invoice");
    long amount = request.trial() ? 0 : request.price().price().amount() * request.quantity();
    String currency = request.price().price().currency();
    in.addProperty("id", id);
    in.addProperty("account_country", "US");
    in.addProperty("account_name", ACCOUNT_NAME);
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
    in.addProperty("hosted_invoice_url", pagesBaseUrl + "/_local/invoices/" + id);
    in.add("invoice_pdf", JsonNull.INSTANCE); // the stand-in renders no PDFs
    JsonObject issuer = new JsonObject();
    issuer.addProperty("type", "self");
    in.add("issuer", issuer);
    in.add("last_finalization_error", JsonNull.INSTANCE);
    in.add("latest_revision", JsonNull.INSTANCE);
    JsonArray lines = new JsonArray();
    lines.add(invoiceLine(id, request, amount, currency));
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

  private JsonObject invoiceLine(
      String invoiceId, InvoiceRequest request, long amount, String currency) {
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

  // --- portal ---

  JsonObject portalSession(
      String id, String customerId, String returnUrl, String locale, long created) {
    JsonObject p = template("billing_portal.session");
    p.addProperty("id", id);
    p.addProperty("configuration", Ids.stable("bpc_1", "portal-configuration", 23));
    p.addProperty("created", created);
    p.addProperty("customer", customerId);
    p.add("flow", JsonNull.INSTANCE);
    p.addProperty("livemode", false);
    p.add("locale", nullable(locale));
    p.add("on_behalf_of", JsonNull.INSTANCE);
    p.add("return_url", nullable(returnUrl));
    p.addProperty("url", pagesBaseUrl + "/_local/portal/" + id);
    return p;
  }

  // --- events and lists ---

  JsonObject event(
      String type,
      long created,
      JsonObject object,
      JsonObject previousAttributes,
      String requestId,
      String idempotencyKey) {
    JsonObject e = template("event");
    e.addProperty("id", Ids.event());
    e.addProperty("object", "event");
    e.addProperty("api_version", Stripe.API_VERSION);
    e.addProperty("created", created);
    JsonObject data = new JsonObject();
    data.add("object", object.deepCopy());
    if (previousAttributes != null) {
      data.add("previous_attributes", previousAttributes);
    }
    e.add("data", data);
    e.addProperty("livemode", false);
    e.addProperty("pending_webhooks", 1);
    JsonObject request = new JsonObject();
    request.add("id", nullable(requestId));
    request.add("idempotency_key", nullable(idempotencyKey));
    e.add("request", request);
    e.addProperty("type", type);
    return e;
  }

  static JsonObject list(String url, JsonArray data) {
    JsonObject list = new JsonObject();
    list.addProperty("object", "list");
    list.add("data", data);
    list.addProperty("has_more", false);
    list.addProperty("url", url);
    return list;
  }

  static JsonObject metadata(Map<String, String> values) {
    JsonObject metadata = new JsonObject();
    values.forEach(metadata::addProperty);
    return metadata;
  }

  static JsonElement nullable(String value) {
    return value == null ? JsonNull.INSTANCE : new JsonPrimitive(value);
  }
}
