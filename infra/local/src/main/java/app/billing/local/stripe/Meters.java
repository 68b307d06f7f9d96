package app.billing.local.stripe;

import app.billing.core.catalog.CatalogEntry;
import app.billing.core.catalog.CatalogMeter;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stripe Billing Meters: {@code GET /v1/billing/meters} (one active {@code sum} meter per meter of
 * the plan catalog, with a stable id), {@code POST /v1/billing/meter_events} and {@code GET
 * /v1/billing/meters/{id}/event_summaries}.
 *
 * <p>An event whose {@code identifier} was used in the last 24 hours is not counted again; the
 * stand-in answers it with the first event (Stripe reports such duplicates asynchronously, in the
 * meter's error reports, and never counts them). Summaries sum the customer's events whose
 * timestamp is in [start_time, end_time), both on whole minutes as Stripe requires. Events are
 * counted as soon as they are recorded (Stripe aggregates with a delay).
 */
final class Meters {
  /** Stripe accepts events up to 35 days old and 5 minutes ahead. */
  static final long MAX_AGE_SECONDS = 35 * 24 * 3600;

  static final long MAX_AHEAD_SECONDS = 5 * 60;

  private final StripeAccount account;

  /** By event name, in catalog order. */
  private final Map<String, JsonObject> meters = new LinkedHashMap<>();

  Meters(StripeAccount account) {
    this.account = account;
    for (CatalogEntry entry : account.objects.catalog().entries()) {
      for (CatalogMeter meter : entry.meters()) {
        meters.computeIfAbsent(meter.eventName(), name -> meter(meter));
      }
    }
  }

  /**
   * The subscription item of a metered line item: like the plan's {@code licensed} item, with the
   * metered price tied to its meter and no quantity (Stripe bills the meter's usage instead).
   */
  static JsonObject meteredItem(JsonObject licensed, CatalogMeter catalogMeter) {
    JsonObject item = licensed.deepCopy();
    item.addProperty("id", Ids.subscriptionItem());
    item.remove("quantity");
    String meterId = meter(catalogMeter).get("id").getAsString();
    for (String key : List.of("price", "plan")) {
      JsonObject price = item.getAsJsonObject(key);
      price.addProperty("id", catalogMeter.price());
      price.addProperty("nickname", catalogMeter.meter());
      JsonObject recurring = price;
      if (key.equals("price")) {
        price.add("lookup_key", JsonNull.INSTANCE);
        recurring = price.getAsJsonObject("recurring");
      }
      recurring.addProperty("usage_type", "metered");
      recurring.addProperty("meter", meterId);
    }
    return item;
  }

  private static JsonObject meter(CatalogMeter catalogMeter) {
    JsonObject meter = new JsonObject();
    meter.addProperty("id", Ids.stable("mtr_test_", catalogMeter.eventName(), 24));
    meter.addProperty("object", "billing.meter");
    meter.addProperty("created", 1_767_225_600L);
    JsonObject customerMapping = new JsonObject();
    customerMapping.addProperty("event_payload_key", "stripe_customer_id");
    customerMapping.addProperty("type", "by_id");
    meter.add("customer_mapping", customerMapping);
    JsonObject aggregation = new JsonObject();
    aggregation.addProperty("formula", "sum");
    meter.add("default_aggregation", aggregation);
    meter.addProperty("display_name", catalogMeter.meter());
    meter.addProperty("event_name", catalogMeter.eventName());
    meter.add("event_time_window", null);
    meter.addProperty("livemode", false);
    meter.addProperty("status", "active");
    JsonObject transitions = new JsonObject();
    transitions.add("deactivated_at", null);
    meter.add("status_transitions", transitions);
    meter.addProperty("updated", 1_767_225_600L);
    JsonObject valueSettings = new JsonObject();
    valueSettings.addProperty("event_payload_key", "value");
    meter.add("value_settings", valueSettings);
    return meter;
  }

  JsonObject list(FormParams query) {
    String status = query.string("status").orElse(null);
    List<JsonObject> matching =
        meters.values().stream()
            .filter(m -> status == null || status.equals(m.get("status").getAsString()))
            .toList();
    return StripeLists.page("/v1/billing/meters", matching, query);
  }

  JsonObject createEvent(FormParams params) {
    String eventName =
        params.string("event_name").orElseThrow(() -> StripeError.missingParam("event_name"));
    if (!meters.containsKey(eventName)) {
      throw StripeError.invalid(
          "No active meter was found for event_name '" + eventName + "'.", "event_name");
    }
    String customer =
        params
            .string("payload", "stripe_customer_id")
            .orElseThrow(() -> StripeError.missingParam("payload[stripe_customer_id]"));
    String value =
        params
            .string("payload", "value")
            .orElseThrow(() -> StripeError.missingParam("payload[value]"));
    try {
      new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw StripeError.invalid(
          "payload[value] must be a number, got '" + value + "'.", "payload[value]");
    }
    long now = account.now();
    long timestamp = params.integer("timestamp").orElse(now);
    if (timestamp < now - MAX_AGE_SECONDS || timestamp > now + MAX_AHEAD_SECONDS) {
      throw StripeError.invalid(
          "timestamp must be within the past 35 days or up to 5 minutes in the future.",
          "timestamp");
    }
    String identifier = params.string("identifier").orElseGet(() -> Ids.random("mev_", 24));
    Optional<JsonObject> earlier = recent(identifier, now);
    if (earlier.isPresent()) {
      return earlier.get().deepCopy();
    }
    JsonObject event = new JsonObject();
    event.addProperty("object", "billing.meter_event");
    event.addProperty("created", now);
    event.addProperty("event_name", eventName);
    event.addProperty("identifier", identifier);
    event.addProperty("livemode", false);
    JsonObject payload = new JsonObject();
    payload.addProperty("stripe_customer_id", customer);
    payload.addProperty("value", value);
    event.add("payload", payload);
    event.addProperty("timestamp", timestamp);
    account.meterEvents.add(event);
    return event.deepCopy();
  }

  private Optional<JsonObject> recent(String identifier, long now) {
    return account.meterEvents.stream()
        .filter(e -> identifier.equals(e.get("identifier").getAsString()))
        .filter(e -> e.get("created").getAsLong() + StripeAccount.IDEMPOTENCY_WINDOW_SECONDS > now)
        .findFirst();
  }

  JsonObject summaries(String meterId, FormParams query) {
    JsonObject meter =
        meters.values().stream()
            .filter(m -> meterId.equals(m.get("id").getAsString()))
            .findFirst()
            .orElseThrow(() -> StripeError.noSuch("billing.meter", meterId, "id"));
    String customer =
        query.string("customer").orElseThrow(() -> StripeError.missingParam("customer"));
    long start = minute(query, "start_time");
    long end = minute(query, "end_time");
    if (end <= start) {
      throw StripeError.invalid("end_time must be after start_time.", "end_time");
    }
    String eventName = meter.get("event_name").getAsString();
    BigDecimal total =
        account.meterEvents.stream()
            .filter(e -> eventName.equals(e.get("event_name").getAsString()))
            .filter(
                e ->
                    customer.equals(
                        e.getAsJsonObject("payload").get("stripe_customer_id").getAsString()))
            .filter(
                e ->
                    e.get("timestamp").getAsLong() >= start && e.get("timestamp").getAsLong() < end)
            .map(e -> new BigDecimal(e.getAsJsonObject("payload").get("value").getAsString()))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    JsonObject summary = new JsonObject();
    summary.addProperty("id", Ids.stable("mtrusg_test_", meterId + customer + start + end, 40));
    summary.addProperty("object", "billing.meter_event_summary");
    summary.addProperty("aggregated_value", total);
    summary.addProperty("end_time", end);
    summary.addProperty("livemode", false);
    summary.addProperty("meter", meterId);
    summary.addProperty("start_time", start);
    JsonArray data = new JsonArray();
    data.add(summary);
    return StripeObjects.list("/v1/billing/meters/" + meterId + "/event_summaries", data);
  }

  private static long minute(FormParams query, String param) {
    long value = query.integer(param).orElseThrow(() -> StripeError.missingParam(param));
    if (value % 60 != 0) {
      throw StripeError.invalid(param + " must be aligned with minute boundaries.", param);
    }
    return value;
  }
}
