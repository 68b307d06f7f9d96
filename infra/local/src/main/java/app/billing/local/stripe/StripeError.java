package app.billing.local.stripe;

import com.google.gson.JsonObject;

/** An API error as Stripe answers it: {@code {"error": {"type", "code", "message", "param"}}}. */
final class StripeError extends RuntimeException {
  private final int status;
  private final String type;
  private final String code;
  private final String param;

  StripeError(int status, String type, String code, String message, String param) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  static StripeError invalid(String message, String param) {
    return new StripeError(400, "invalid_request_error", "parameter_invalid", message, param);
  }

  static StripeError missingParam(String param) {
    return new StripeError(
        400,
        "invalid_request_error",
        "parameter_missing",
        "Missing required param: " + param + ".",
        param);
  }

  static StripeError noSuch(String what, String id, String param) {
    return new StripeError(
        404,
        "invalid_request_error",
        "resource_missing",
        "No such " + what + ": '" + id + "'",
        param);
  }

  int status() {
    return status;
  }

  JsonObject toJson() {
    JsonObject error = new JsonObject();
    if (code != null) {
      error.addProperty("code", code);
    }
    error.addProperty("message", getMessage());
    if (param != null) {
      error.addProperty("param", param);
    }
    error.addProperty("type", type);
    JsonObject body = new JsonObject();
    body.add("error", error);
    return body;
  }
}
