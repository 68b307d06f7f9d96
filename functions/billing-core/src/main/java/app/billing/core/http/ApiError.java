package app.billing.core.http;

import com.google.gson.JsonObject;

/**
 * The one error shape every HTTP route returns: {@code {"error": {"code": "...", "message":
 * "..."}}}.
 *
 * @param status the HTTP status to answer with
 * @param code a stable, machine-readable code (snake_case)
 * @param message a sentence for humans saying what is wrong
 */
public record ApiError(int status, String code, String message) {

  public static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message);
  }

  public String toJson() {
    JsonObject error = new JsonObject();
    error.addProperty("code", code);
    error.addProperty("message", message);
    JsonObject body = new JsonObject();
    body.add("error", error);
    return body.toString();
  }
}
