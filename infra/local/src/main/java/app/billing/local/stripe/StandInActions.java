package app.billing.local.stripe;

import app.billing.http.ApiError;
import app.billing.local.http.Exchanges;
import app.billing.local.http.LocalPage;
import app.billing.local.stripe.StripeBackend.Change;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What happens to a payment after Checkout, on demand ({@code POST}, form parameters optional):
 *
 * <ul>
 *   <li>{@code /_local/stripe/charges/{id}/refund} ({@code amount}): a refund, as {@code POST
 *       /v1/refunds} makes it
 *   <li>{@code /_local/stripe/charges/{id}/dispute} ({@code reason}, default fraudulent): the
 *       cardholder's bank opens a chargeback
 *   <li>{@code /_local/stripe/disputes/{id}/close} ({@code outcome}: won or lost)
 *   <li>{@code /_local/stripe/payment_intents/{id}/capture} and {@code .../cancel}: an authorized
 *       payment is captured or released
 *   <li>{@code /_local/stripe/invoices/{id}/void} and {@code .../mark-uncollectible}
 * </ul>
 *
 * Each answers {@code {"object": ..., "events": [types]}} after the signed events were delivered
 * once, or, with {@code return_to} (a {@code /_local/} page), redirects there: the buttons of the
 * portal page.
 */
final class StandInActions implements LocalPage {
  private static final Pattern ACTION =
      Pattern.compile(
          "/_local/stripe/(charges|disputes|payment_intents|invoices)/([A-Za-z0-9_]+)/([a-z-]+)");

  private final StripeBackend backend;
  private final PageSupport support;

  StandInActions(StripeBackend backend, PageSupport support) {
    this.backend = backend;
    this.support = support;
  }

  @Override
  public boolean handle(HttpExchange exchange, String method, String path) throws IOException {
    Matcher m = ACTION.matcher(path);
    if (!m.matches() || !method.equals("POST")) {
      return false;
    }
    Map<String, String> form = Exchanges.formBody(exchange);
    String returnTo = form.get("return_to");
    if (returnTo != null && !returnTo.matches("/_local/[A-Za-z0-9_/-]*")) {
      returnTo = null; // only back to a local page
    }
    String action = m.group(1) + "/" + m.group(3);
    Change change;
    try {
      change = act(action, m.group(2), form);
    } catch (StripeError e) {
      if (returnTo != null) {
        Exchanges.redirect(exchange, returnTo + "?error=" + encode(e.getMessage()));
      } else {
        Exchanges.json(exchange, e.status(), e.toJson().toString());
      }
      return true;
    }
    if (change == null) {
      Exchanges.json(
          exchange,
          404,
          new ApiError(404, "not_found", "No local Stripe action " + action + ".").toJson());
      return true;
    }
    support.deliver(change.events());
    List<String> types = change.events().stream().map(e -> e.get("type").getAsString()).toList();
    if (returnTo != null) {
      String done = m.group(3) + ": " + String.join(", ", types);
      Exchanges.redirect(exchange, returnTo + "?done=" + encode(done));
      return true;
    }
    JsonObject body = new JsonObject();
    body.add("object", change.object());
    JsonArray events = new JsonArray();
    types.forEach(events::add);
    body.add("events", events);
    Exchanges.json(exchange, 200, body.toString());
    return true;
  }

  /** The change, or null for an unknown action. */
  private Change act(String action, String id, Map<String, String> form) {
    return switch (action) {
      case "charges/refund" -> {
        StringBuilder params = new StringBuilder("charge=").append(encode(id));
        String amount = form.get("amount");
        if (amount != null && !amount.isBlank()) {
          params.append("&amount=").append(encode(amount.strip()));
        }
        yield backend.createRefund(FormParams.parse(params.toString()), null, null);
      }
      case "charges/dispute" -> backend.openDispute(id, form.get("reason"));
      case "disputes/close" -> {
        String outcome = form.getOrDefault("outcome", "");
        if (!outcome.equals("won") && !outcome.equals("lost")) {
          throw StripeError.invalid("outcome must be won or lost.", "outcome");
        }
        yield backend.closeDispute(id, outcome.equals("won"));
      }
      case "payment_intents/capture" ->
          backend.capturePaymentIntent(id, FormParams.parse(""), null);
      case "payment_intents/cancel" -> backend.cancelPaymentIntent(id, FormParams.parse(""), null);
      case "invoices/void" -> backend.voidInvoice(id, null);
      case "invoices/mark-uncollectible" -> backend.markInvoiceUncollectible(id, null);
      default -> null;
    };
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
