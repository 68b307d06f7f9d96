package app.billing.local.stripe;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stripe's request parameters ({@code application/x-www-form-urlencoded} bodies and query strings
 * in bracket notation: {@code
 * metadata[tenantId]=t1&line_items[0][price]=price_x&expand[]=customer}) read into a tree of JSON
 * objects. Every leaf is a string, as on the wire; list indexes stay object keys.
 */
final class FormParams {
  private final JsonObject root;

  private FormParams(JsonObject root) {
    this.root = root;
  }

  static FormParams parse(String encoded) {
    JsonObject root = new JsonObject();
    if (encoded == null || encoded.isBlank()) {
      return new FormParams(root);
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      put(root, path(name), value);
    }
    return new FormParams(root);
  }

  /** {@code a[b][0]} to {@code [a, b, 0]}; an empty index ({@code a[]}) appends. */
  private static List<String> path(String name) {
    List<String> parts = new ArrayList<>();
    int bracket = name.indexOf('[');
    if (bracket < 0) {
      parts.add(name);
      return parts;
    }
    parts.add(name.substring(0, bracket));
    int i = bracket;
    while (i < name.length() && name.charAt(i) == '[') {
      int close = name.indexOf(']', i);
      if (close < 0) {
        break;
      }
      parts.add(name.substring(i + 1, close));
      i = close + 1;
    }
    return parts;
  }

  private static void put(JsonObject root, List<String> path, String value) {
    JsonObject node = root;
    for (int i = 0; i < path.size() - 1; i++) {
      String key = path.get(i);
      if (key.isEmpty()) {
        key = String.valueOf(node.size());
      }
      JsonElement child = node.get(key);
      if (!(child instanceof JsonObject)) {
        child = new JsonObject();
        node.add(key, child);
      }
      node = (JsonObject) child;
    }
    String last = path.getLast();
    node.add(last.isEmpty() ? String.valueOf(node.size()) : last, new JsonPrimitive(value));
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** The string at a path, e.g. {@code string("subscription_data", "metadata", "tenantId")}. */
  Optional<String> string(String... path) {
    JsonElement node = root;
    for (String key : path) {
      if (!(node instanceof JsonObject object) || !object.has(key)) {
        return Optional.empty();
      }
      node = object.get(key);
    }
    return node instanceof JsonPrimitive primitive
        ? Optional.of(primitive.getAsString())
        : Optional.empty();
  }

  boolean has(String... path) {
    JsonElement node = root;
    for (String key : path) {
      if (!(node instanceof JsonObject object) || !object.has(key)) {
        return false;
      }
      node = object.get(key);
    }
    return true;
  }

  Optional<Long> integer(String... path) {
    return string(path)
        .map(
            value -> {
              try {
                return Long.parseLong(value);
              } catch (NumberFormatException e) {
                throw StripeError.invalid("Invalid integer: " + value, String.join(".", path));
              }
            });
  }

  Optional<Boolean> bool(String... path) {
    return string(path)
        .map(
            value ->
                switch (value) {
                  case "true" -> true;
                  case "false" -> false;
                  default ->
                      throw StripeError.invalid(
                          "Invalid boolean: " + value, String.join(".", path));
                });
  }

  /**
   * A list parameter ({@code line_items[0][...]}, {@code expand[]}) in index order; empty when
   * absent.
   */
  List<FormParams> list(String name) {
    JsonElement node = root.get(name);
    if (!(node instanceof JsonObject object)) {
      return List.of();
    }
    return object.entrySet().stream()
        .sorted(Comparator.comparingInt(e -> index(e.getKey())))
        .map(
            e ->
                e.getValue() instanceof JsonObject child
                    ? new FormParams(child)
                    : wrap(e.getValue()))
        .toList();
  }

  /**
   * A hash parameter (metadata) as a flat string map; empty string values are kept (Stripe unsets
   * with them).
   */
  JsonObject hash(String... path) {
    JsonElement node = root;
    for (String key : path) {
      if (!(node instanceof JsonObject object) || !object.has(key)) {
        return new JsonObject();
      }
      node = object.get(key);
    }
    JsonObject flat = new JsonObject();
    if (node instanceof JsonObject object) {
      for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
        if (entry.getValue() instanceof JsonPrimitive primitive) {
          flat.addProperty(entry.getKey(), primitive.getAsString());
        }
      }
    }
    return flat;
  }

  /** The value of a scalar list item ({@code expand[0]=customer}). */
  Optional<String> value() {
    return string("");
  }

  JsonArray strings(String name) {
    JsonArray values = new JsonArray();
    for (FormParams item : list(name)) {
      item.value().ifPresent(values::add);
    }
    return values;
  }

  private static FormParams wrap(JsonElement value) {
    JsonObject holder = new JsonObject();
    holder.add("", value);
    return new FormParams(holder);
  }

  private static int index(String key) {
    try {
      return Integer.parseInt(key);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
