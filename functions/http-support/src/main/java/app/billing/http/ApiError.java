package app.billing.http;

import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Objects;

/**
 * The one error shape every HTTP route returns: {@code {"error": {"code": "...", "message": "...",
 * ...details}}}.
 *
 * @param status the HTTP status to answer with
 * @param code a stable, machine-readable code (snake_case)
 * @param message a sentence for humans saying what is wrong
 * @param details extra string fields of the error object, e.g. {@code field}
 */
public record ApiError(int status, String code, String message, Map<String, String> details) {

  public ApiError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    details = Map.copyOf(details);
  }

  public ApiError(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  public static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message);
  }

  public JsonObject toJsonObject() {
    JsonObject error = new JsonObject();
    error.addProperty("code", code);
    error.addProperty("message", message);
    details.forEach(error::addProperty);
    JsonObject body = new JsonObject();
    body.add("error", error);
    return body;
  }

  public String toJson() {
    return toJsonObject().toString();
  }
}
