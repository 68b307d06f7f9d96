package app.billing.http;

import app.billing.core.error.ValidationException;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.StringReader;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's JSON object, read strictly: malformed JSON, a field of the wrong type and an unknown
 * field are all 400s that name the problem, never 500s or silently ignored input.
 */
public final class JsonBody {
  private static final TypeAdapter<JsonElement> STRICT = new Gson().getAdapter(JsonElement.class);

  private final JsonObject object;

  private JsonBody(JsonObject object) {
    this.object = object;
  }

  /**
   * @param allowed the only field names accepted
   */
  public static JsonBody parse(String body, Set<String> allowed) {
    if (body == null || body.isBlank()) {
      return new JsonBody(new JsonObject());
    }
    JsonElement element;
    try {
      // JsonParser would read leniently (single quotes, trailing garbage); clients get strict JSON.
      JsonReader reader = new JsonReader(new StringReader(body));
      reader.setLenient(false);
      element = STRICT.read(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonParseException("trailing data");
      }
    } catch (JsonParseException
        | IllegalStateException
        | NumberFormatException
        | java.io.IOException e) {
      // NumberFormatException: Gson's answer to a malformed unicode escape (found by
      // RequestBodyFuzzTest).
      throw new ValidationException("invalid_json", "The request body is not valid JSON.");
    }
    if (!element.isJsonObject()) {
      throw new ValidationException("invalid_json", "The request body must be a JSON object.");
    }
    JsonObject object = element.getAsJsonObject();
    Set<String> unknown = new TreeSet<>(object.keySet());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      String field = unknown.iterator().next();
      throw ValidationException.field(
          field,
          "Unknown field '"
              + field
              + "'. Allowed fields: "
              + String.join(", ", new TreeSet<>(allowed))
              + ".");
    }
    return new JsonBody(object);
  }

  public Optional<String> optionalString(String field) {
    JsonElement value = object.get(field);
    if (value == null || value.isJsonNull()) {
      return Optional.empty();
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw ValidationException.field(field, "'" + field + "' must be a string.");
    }
    String text = value.getAsString().trim();
    if (text.isEmpty()) {
      throw ValidationException.field(field, "'" + field + "' must not be empty.");
    }
    return Optional.of(text);
  }

  public String requiredString(String field) {
    return optionalString(field)
        .orElseThrow(() -> ValidationException.field(field, "'" + field + "' is required."));
  }

  /** A whole number within [min, max]. */
  public Optional<Long> optionalInteger(String field, long min, long max) {
    JsonElement value = object.get(field);
    if (value == null || value.isJsonNull()) {
      return Optional.empty();
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
      throw ValidationException.field(field, "'" + field + "' must be a whole number.");
    }
    JsonPrimitive number = value.getAsJsonPrimitive();
    long parsed;
    try {
      parsed = number.getAsBigDecimal().longValueExact();
    } catch (ArithmeticException e) {
      throw ValidationException.field(field, "'" + field + "' must be a whole number.");
    }
    if (parsed < min || parsed > max) {
      throw ValidationException.field(
          field, "'" + field + "' must be between " + min + " and " + max + ".");
    }
    return Optional.of(parsed);
  }
}
