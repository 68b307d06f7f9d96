package app.billing.core.outbound;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The {@code Detail} of an outbound event:
 *
 * <pre>{@code
 * {"id": "billing.access.changed:t_1:subscription:sub_1:1767225600:evt_1",
 *  "tenantId": "t_1", "subject": "subscription:sub_1",
 *  "version": {"created": 1767225600, "eventId": "evt_1"}, "stripeEventId": "evt_1",
 *  "changed": ["access", "features"], "before": {...}, "after": {...}}
 * }</pre>
 *
 * Field names are camelCase, times ISO-8601 UTC to the second, nulls written out (a field that
 * became null is part of the change).
 */
public final class OutboundJson {
  private static final Gson GSON =
      new GsonBuilder()
          .serializeNulls()
          .registerTypeAdapter(
              Instant.class,
              (JsonSerializer<Instant>)
                  (instant, type, context) ->
                      new JsonPrimitive(instant.truncatedTo(ChronoUnit.SECONDS).toString()))
          .create();

  private OutboundJson() {}

  public static OutboundMessage message(OutboundEvent event) {
    JsonObject detail = new JsonObject();
    detail.addProperty("id", event.id());
    detail.addProperty("tenantId", event.tenantId());
    detail.addProperty("subject", event.subject());
    JsonObject version = new JsonObject();
    version.addProperty("created", event.version().created());
    version.addProperty("eventId", event.version().eventId());
    detail.add("version", version);
    detail.addProperty("stripeEventId", event.stripeEventId());
    detail.add("changed", GSON.toJsonTree(event.changed()));
    detail.add("before", GSON.toJsonTree(event.before()));
    detail.add("after", GSON.toJsonTree(event.after()));
    return new OutboundMessage(
        event.id(),
        OutboundEvent.recordVersion(event.tenantId(), event.subject(), event.version()),
        event.type().detailType(),
        event.tenantId(),
        event.time(),
        GSON.toJson(detail));
  }
}
