package app.billing.local.stripe;

import app.billing.core.catalog.BillingCycle;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.catalog.PriceMatch;
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
            "payment_intent",
            "charge",
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

  JsonObject template(String type) {
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
