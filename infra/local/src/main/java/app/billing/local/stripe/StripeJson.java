package app.billing.local.stripe;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Comparator;
import java.util.Map;

/** Small reads and writes of Stripe JSON objects the stand-in's resources share. */
final class StripeJson {
  /** Newest first, by {@code created}: the order of Stripe's lists. */
  static final Comparator<JsonObject> NEWEST_FIRST =
      Comparator.comparingLong((JsonObject o) -> o.get("created").getAsLong()).reversed();

  private StripeJson() {}

  static String id(JsonObject object) {
    return object.get("id").getAsString();
  }

  /** A string field, null when absent or null. */
  static String string(JsonObject object, String field) {
    if (object == null) {
      return null;
    }
    JsonElement value = object.get(field);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }

  static boolean hasStatus(JsonObject object, String status) {
    return status.equals(object.get("status").getAsString());
  }

  /** A subscription's one item (the stand-in sells one item per subscription). */
  static JsonObject item(JsonObject subscription) {
    return subscription.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject();
  }

  /** Stripe drops metadata keys set to an empty string. */
  static JsonObject cleanMetadata(JsonObject metadata) {
    JsonObject clean = new JsonObject();
    metadata.entrySet().stream()
        .filter(e -> !e.getValue().getAsString().isEmpty())
        .forEach(e -> clean.add(e.getKey(), e.getValue()));
    return clean;
  }

  /** An update to metadata: an empty value removes the key. */
  static void mergeMetadata(JsonObject target, JsonObject update) {
    for (Map.Entry<String, JsonElement> entry : update.entrySet()) {
      if (entry.getValue().getAsString().isEmpty()) {
        target.remove(entry.getKey());
      } else {
        target.add(entry.getKey(), entry.getValue());
      }
    }
  }
}
