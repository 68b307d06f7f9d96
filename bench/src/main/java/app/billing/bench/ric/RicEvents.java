package app.billing.bench.ric;

import app.billing.bench.Engines;
import app.billing.bench.Events;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The one event of each cold start: the events/ files, made fresh per run; and its answer checked.
 */
final class RicEvents {
  private final int checkoutTenant;

  /** {@code checkoutTenant}: the first checkout tenant used (each run takes the next). */
  RicEvents(int checkoutTenant) {
    this.checkoutTenant = checkoutTenant;
  }

  String event(String function, int n) {
    return switch (function) {
      case "webhook" -> {
        String body = Events.forCustomer(Events.story(Events.FOUR_KB_EVENT), 700_000 + n);
        JsonObject e = lambdaEvent("webhook/signed-checkout.session.completed.json");
        e.addProperty("body", body);
        e.addProperty("isBase64Encoded", false);
        e.getAsJsonObject("headers").addProperty("stripe-signature", Events.sign(body));
        yield e.toString();
      }
      case "provisioning" -> {
        // The same event each run with a fresh id (a new event, not a redelivery), as the main
        // harness.
        String body =
            Events.story("14-customer.subscription.updated.json")
                .replaceFirst("\"id\": \"evt_", "\"id\": \"evt_r" + n + "x");
        JsonObject e = lambdaEvent("provisioning/07-customer.subscription.updated.json");
        JsonObject record = e.getAsJsonArray("Records").get(0).getAsJsonObject();
        record.addProperty("body", body);
        record.addProperty("messageId", "bench-" + n + "-" + System.nanoTime());
        yield e.toString();
      }
      case "authorizer" ->
          lambdaEventText("authorizer/demo-key-get-subscription.json")
              .replace("bk_live_z2sieLfcWVzWfxoXfF9YPCbGZMCkQpTfNXEb2CbDNok", Engines.API_KEY);
      case "checkout" ->
          lambdaEventText("checkout/post-checkout-pro-monthly.json")
              .replace("usr_8f3a1c2e", String.format("usr_bench_%04d", checkoutTenant + n));
      // Portal and account take linked tenants from the two halves of the pool (per-tenant rate
      // limits).
      case "portal" ->
          lambdaEventText("portal/post-portal.json")
              .replace("usr_8f3a1c2e", Engines.linkedTenant(n % (Engines.LINKED_TENANTS / 2)));
      case "account" ->
          lambdaEventText("account/get-subscription.json")
              .replace(
                  "usr_8f3a1c2e",
                  Engines.linkedTenant(
                      Engines.LINKED_TENANTS / 2 + n % (Engines.LINKED_TENANTS / 2)));
      default -> throw new IllegalArgumentException("no such function: " + function);
    };
  }

  private static JsonObject lambdaEvent(String file) {
    return JsonParser.parseString(lambdaEventText(file)).getAsJsonObject();
  }

  private static String lambdaEventText(String file) {
    try (InputStream in =
        RicEvents.class.getClassLoader().getResourceAsStream("bench-lambda-events/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no events/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A run counts only if the function answered as it would in production. */
  static void check(String function, String responseBody, Path log) {
    JsonObject r = JsonParser.parseString(responseBody).getAsJsonObject();
    boolean ok =
        switch (function) {
          case "webhook" ->
              status(r) == 200 && r.get("body").getAsString().contains("\"enqueued\":true");
          case "provisioning" ->
              !r.has("batchItemFailures") || r.getAsJsonArray("batchItemFailures").isEmpty();
          case "authorizer" -> r.has("isAuthorized") && r.get("isAuthorized").getAsBoolean();
          case "checkout", "portal" -> status(r) == 201;
          case "account" -> status(r) == 200;
          default -> false;
        };
    if (!ok) {
      throw new IllegalStateException(
          function + " answered " + responseBody + "\n" + RicColdStart.tail(log));
    }
  }

  private static int status(JsonObject response) {
    return response.has("statusCode") ? response.get("statusCode").getAsInt() : -1;
  }
}
