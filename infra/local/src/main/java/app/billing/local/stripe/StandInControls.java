package app.billing.local.stripe;

import app.billing.http.ApiError;
import app.billing.local.http.Exchanges;
import app.billing.local.http.LocalPage;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Switches of the Stripe stand-in, for tests and the demo:
 *
 * <ul>
 *   <li>{@code POST /_local/stripe/rate-limit {"requests": 3, "path": "/v1/events"}}: the next 3
 *       API requests under that path (default: every {@code /v1/} path) answer 429 {@code
 *       rate_limit}
 *   <li>{@code GET /_local/stripe/rate-limit}: {@code {"remaining": n, "answered": n}}
 * </ul>
 */
final class StandInControls implements LocalPage {
  static final String PATH = "/_local/stripe/rate-limit";

  private final RateLimitSwitch rateLimit;

  StandInControls(RateLimitSwitch rateLimit) {
    this.rateLimit = rateLimit;
  }

  RateLimitSwitch rateLimit() {
    return rateLimit;
  }

  @Override
  public boolean handle(HttpExchange exchange, String method, String path) throws IOException {
    if (!path.equals(PATH)) {
      return false;
    }
    switch (method) {
      case "GET" -> Exchanges.json(exchange, 200, state().toString());
      case "POST" -> {
        int requests;
        String prefix;
        try {
          JsonObject body =
              JsonParser.parseString(new String(Exchanges.body(exchange), StandardCharsets.UTF_8))
                  .getAsJsonObject();
          requests = body.get("requests").getAsInt();
          prefix = body.has("path") ? body.get("path").getAsString() : null;
          rateLimit.limitNext(requests, prefix);
        } catch (JsonParseException
            | IllegalStateException
            | IllegalArgumentException
            | NullPointerException
            | UnsupportedOperationException e) {
          Exchanges.json(
              exchange,
              400,
              ApiError.badRequest(
                      "invalid_body",
                      "Expected {\"requests\": <whole number >= 0>, \"path\": \"/v1/...\" (optional)}.")
                  .toJson());
          return true;
        }
        Exchanges.json(exchange, 200, state().toString());
      }
      default ->
          Exchanges.json(
              exchange, 405, new ApiError(405, "method_not_allowed", "GET or POST only.").toJson());
    }
    return true;
  }

  private JsonObject state() {
    JsonObject state = new JsonObject();
    state.addProperty("remaining", rateLimit.remaining());
    state.addProperty("answered", rateLimit.answered());
    return state;
  }
}
