package app.billing.core.event;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/** Reads an {@link EventEnvelope} from a Stripe event's JSON, rejecting anything that is not an event. */
public final class EventEnvelopeReader {

  private EventEnvelopeReader() {}

  public static EventEnvelope read(String json) throws NotAStripeEventException {
    JsonObject root;
    try {
      JsonElement element = JsonParser.parseString(json);
      if (!element.isJsonObject()) {
        throw new NotAStripeEventException("body is not a JSON object");
      }
      root = element.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new NotAStripeEventException("body is not valid JSON");
    }
    if (!"event".equals(string(root, "object"))) {
      throw new NotAStripeEventException("body is not a Stripe event (object must be \"event\")");
    }
    String id = string(root, "id");
    String type = string(root, "type");
    if (id == null || !id.startsWith("evt_") || type == null) {
      throw new NotAStripeEventException("event has no valid id or type");
    }
    JsonElement created = root.get("created");
    if (created == null || !created.isJsonPrimitive() || !created.getAsJsonPrimitive().isNumber()) {
      throw new NotAStripeEventException("event has no created timestamp");
    }
    JsonObject object = dataObject(root);
    if (object == null) {
      throw new NotAStripeEventException("event has no data.object");
    }
    String objectId = string(object, "id");
    String objectType = string(object, "object");
    String customer = "customer".equals(objectType) ? objectId : customerOf(object);
    return new EventEnvelope(id, type, created.getAsLong(), customer, objectId);
  }

  private static JsonObject dataObject(JsonObject root) {
    JsonElement data = root.get("data");
    if (data == null || !data.isJsonObject()) {
      return null;
    }
    JsonElement object = data.getAsJsonObject().get("object");
    return object != null && object.isJsonObject() ? object.getAsJsonObject() : null;
  }

  /** {@code customer} is an id string, or an expanded object carrying one. */
  private static String customerOf(JsonObject object) {
    JsonElement customer = object.get("customer");
    if (customer == null || customer.isJsonNull()) {
      return null;
    }
    if (customer.isJsonPrimitive()) {
      return customer.getAsString();
    }
    return customer.isJsonObject() ? string(customer.getAsJsonObject(), "id") : null;
  }

  private static String string(JsonObject object, String member) {
    JsonElement value = object.get(member);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
  }
}
