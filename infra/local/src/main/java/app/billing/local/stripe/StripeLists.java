package app.billing.local.stripe;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stripe's two paginations, as stripe-java's auto-pagination uses them: list endpoints page with
 * {@code limit} (1–100, default 10) and {@code starting_after} (the last id of the previous page);
 * search endpoints with {@code limit} and the opaque {@code page} token of the previous result's
 * {@code next_page}. Search queries support what recovery sends: {@code metadata['key']:'value'}
 * clauses joined by {@code AND}.
 */
final class StripeLists {
  static final int DEFAULT_LIMIT = 10;
  static final int MAX_LIMIT = 100;
  private static final Pattern METADATA_CLAUSE =
      Pattern.compile(
          "\\s*metadata\\[(['\"])(.+?)\\1\\]\\s*:\\s*(['\"])((?:\\\\.|(?!\\3).)*)\\3\\s*");

  private StripeLists() {}

  /** One page of {@code objects} (already in the list's order, newest first). */
  static JsonObject page(String url, List<JsonObject> objects, FormParams query) {
    int limit = limit(query);
    int from = 0;
    if (query.has("starting_after")) {
      String after = query.string("starting_after").orElse("");
      int index = indexOf(objects, after);
      if (index < 0) {
        throw StripeError.invalid(
            "No such object: '" + after + "' in this list.", "starting_after");
      }
      from = index + 1;
    }
    int to = Math.min(objects.size(), from + limit);
    JsonArray data = new JsonArray();
    objects.subList(from, to).forEach(o -> data.add(o.deepCopy()));
    JsonObject list = StripeObjects.list(url, data);
    list.addProperty("has_more", to < objects.size());
    return list;
  }

  /** One page of a search over {@code candidates}, newest first; the page token is an offset. */
  static JsonObject search(String url, List<JsonObject> candidates, FormParams query) {
    String text =
        query
            .string("query")
            .filter(q -> !q.isBlank())
            .orElseThrow(() -> StripeError.missingParam("query"));
    Predicate<JsonObject> matches = parse(text);
    List<JsonObject> found = new ArrayList<>(candidates.stream().filter(matches).toList());
    int limit = limit(query);
    int from = query.string("page").map(StripeLists::offset).orElse(0);
    int to = Math.min(found.size(), from + limit);
    JsonArray data = new JsonArray();
    if (from < found.size()) {
      found.subList(from, to).forEach(o -> data.add(o.deepCopy()));
    }
    JsonObject result = new JsonObject();
    result.addProperty("object", "search_result");
    result.add("data", data);
    boolean more = to < found.size();
    result.addProperty("has_more", more);
    result.add("next_page", more ? new JsonPrimitive("page_" + to) : JsonNull.INSTANCE);
    result.addProperty("url", url);
    return result;
  }

  /** {@code metadata['k']:'v' AND ...}; anything else is refused as Stripe refuses a bad query. */
  static Predicate<JsonObject> parse(String query) {
    Predicate<JsonObject> all = o -> true;
    for (String clause : query.split("(?i)\\s+AND\\s+")) {
      Matcher m = METADATA_CLAUSE.matcher(clause);
      if (!m.matches()) {
        throw StripeError.invalid(
            "The local Stripe stand-in searches only metadata['key']:'value' clauses "
                + "joined by AND; got: "
                + clause.strip(),
            "query");
      }
      String key = m.group(2);
      String value = m.group(4).replaceAll("\\\\(.)", "$1");
      all = all.and(o -> metadataValue(o, key).map(value::equals).orElse(false));
    }
    return all;
  }

  private static java.util.Optional<String> metadataValue(JsonObject object, String key) {
    JsonElement metadata = object.get("metadata");
    if (metadata == null || !metadata.isJsonObject()) {
      return java.util.Optional.empty();
    }
    JsonElement value = metadata.getAsJsonObject().get(key);
    return value == null || value.isJsonNull()
        ? java.util.Optional.empty()
        : java.util.Optional.of(value.getAsString());
  }

  private static int limit(FormParams query) {
    if (!query.has("limit")) {
      return DEFAULT_LIMIT;
    }
    String text = query.string("limit").orElse("");
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw StripeError.invalid(
        "Invalid integer: " + text + " (limit must be between 1 and 100).", "limit");
  }

  private static int offset(String page) {
    if (page.startsWith("page_")) {
      try {
        return Integer.parseInt(page.substring(5));
      } catch (NumberFormatException e) {
        // refused below
      }
    }
    throw StripeError.invalid("Invalid page token: " + page, "page");
  }

  private static int indexOf(List<JsonObject> objects, String id) {
    for (int i = 0; i < objects.size(); i++) {
      JsonElement objectId = objects.get(i).get("id");
      if (objectId != null && !objectId.isJsonNull() && id.equals(objectId.getAsString())) {
        return i;
      }
    }
    return -1;
  }
}
