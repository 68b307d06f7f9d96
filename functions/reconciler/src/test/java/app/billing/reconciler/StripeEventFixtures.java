package app.billing.reconciler;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/** Stripe events and Events API pages, built by name. */
public final class StripeEventFixtures {
  private StripeEventFixtures() {}

  /**
   * An {@code invoice.paid} event of {@code customer}, created at {@code created} (epoch seconds).
   */
  public static JsonObject invoicePaid(String eventId, String customer, long created) {
    JsonObject invoice = new JsonObject();
    invoice.addProperty("id", "in_" + eventId.substring(4));
    invoice.addProperty("object", "invoice");
    invoice.addProperty("customer", customer);
    invoice.addProperty("status", "paid");
    return event(eventId, "invoice.paid", created, invoice);
  }

  /** A {@code customer.created} event: a type the backend does not handle. */
  public static JsonObject customerCreated(String eventId, String customer, long created) {
    JsonObject object = new JsonObject();
    object.addProperty("id", customer);
    object.addProperty("object", "customer");
    return event(eventId, "customer.created", created, object);
  }

  public static JsonObject event(String eventId, String type, long created, JsonObject object) {
    JsonObject data = new JsonObject();
    data.add("object", object);
    JsonObject event = new JsonObject();
    event.addProperty("id", eventId);
    event.addProperty("object", "event");
    event.addProperty("api_version", "2026-07-29.dahlia");
    event.addProperty("created", created);
    event.add("data", data);
    event.addProperty("livemode", false);
    event.addProperty("pending_webhooks", 1);
    event.addProperty("type", type);
    return event;
  }

  /** A page of {@code GET /v1/events}: the events as given (newest first), and {@code has_more}. */
  public static String page(List<JsonObject> events, boolean hasMore) {
    JsonArray data = new JsonArray();
    events.forEach(data::add);
    JsonObject page = new JsonObject();
    page.addProperty("object", "list");
    page.add("data", data);
    page.addProperty("has_more", hasMore);
    page.addProperty("url", "/v1/events");
    return page.toString();
  }
}
