package app.billing.local.stripe;

import static app.billing.local.http.Html.escape;
import static app.billing.local.stripe.StripeJson.string;

import app.billing.core.catalog.BillingCycle;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.catalog.CatalogPrice;
import app.billing.core.email.Formats;
import app.billing.local.http.Exchanges;
import app.billing.local.http.Html;
import app.billing.local.stripe.CheckoutObjects.LineItemRequest;
import app.billing.local.stripe.CheckoutSessions.CheckoutView;
import app.billing.local.stripe.StripeBackend.Change;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The hosted Checkout page, {@code /_local/checkout/{id}}: Pay or Decline. */
final class CheckoutPage {
  private final StripeBackend backend;
  private final PageSupport support;

  CheckoutPage(StripeBackend backend, PageSupport support) {
    this.backend = backend;
    this.support = support;
  }

  boolean handle(HttpExchange exchange, String method, String sessionId, String action)
      throws IOException {
    if (action == null && method.equals("GET")) {
      Optional<CheckoutView> view = backend.checkoutView(sessionId);
      if (view.isEmpty()) {
        PageSupport.notFound(exchange, "Checkout Session " + sessionId);
      } else {
        Exchanges.html(exchange, 200, page(view.get(), null));
      }
      return true;
    }
    if (action == null || !method.equals("POST")) {
      return false;
    }
    Optional<CheckoutView> view = backend.checkoutView(sessionId);
    if (view.isEmpty()) {
      PageSupport.notFound(exchange, "Checkout Session " + sessionId);
      return true;
    }
    Map<String, String> form = Exchanges.formBody(exchange);
    if (action.equals("decline")) {
      // A declined card: Stripe keeps the session open, shows the error and sends no checkout
      // event.
      Exchanges.html(
          exchange,
          402,
          page(
              view.get(),
              "Your card was declined. (Local stand-in: nothing was charged and no event was sent; try Pay.)"));
      return true;
    }
    try {
      Change change = backend.pay(sessionId);
      List<JsonObject> events = new ArrayList<>(change.events());
      if ("reverse".equals(form.get("event_order"))) {
        // Stripe does not guarantee delivery order; this replays the worst case.
        Collections.reverse(events);
      }
      support.deliver(events);
      JsonObject session = change.object();
      String successUrl =
          session.get("success_url").getAsString().replace("{CHECKOUT_SESSION_ID}", sessionId);
      Exchanges.redirect(exchange, successUrl);
    } catch (StripeError e) {
      Exchanges.html(
          exchange, 400, page(backend.checkoutView(sessionId).orElseThrow(), e.getMessage()));
    }
    return true;
  }

  private String page(CheckoutView view, String error) {
    JsonObject session = view.session();
    String status = session.get("status").getAsString();
    StringBuilder body = new StringBuilder();
    body.append("<div class=\"grid\"><div class=\"card\">");
    String cancelUrl = string(session, "cancel_url");
    if (cancelUrl != null && status.equals("open")) {
      body.append("<p><a href=\"").append(escape(cancelUrl)).append("\">&larr; Back</a></p>");
    }
    for (LineItemRequest item : view.lineItems()) {
      CatalogEntry entry = item.price().entry();
      CatalogPrice price = item.price().price();
      body.append("<h1 id=\"item-name\">").append(escape(entry.name())).append("</h1>");
      if (entry.description() != null) {
        body.append("<p class=\"muted\">").append(escape(entry.description())).append("</p>");
      }
      String amount = Formats.money(price.amount() * item.quantity(), price.currency());
      String per =
          item.price().cycle() == BillingCycle.ONE_TIME
              ? ""
              : " per " + StripeObjects.interval(item.price().cycle());
      if (view.trialDays() != null && view.trialDays() > 0) {
        body.append("<p class=\"amount\" id=\"amount\">")
            .append(view.trialDays())
            .append(" days free</p>")
            .append("<p class=\"muted\">Then ")
            .append(escape(amount))
            .append(escape(per))
            .append("</p>");
      } else {
        body.append("<p class=\"amount\" id=\"amount\">")
            .append(escape(amount))
            .append("</p>")
            .append("<p class=\"muted\">")
            .append(escape(per.isEmpty() ? "One-time payment" : "Billed" + per))
            .append(item.quantity() > 1 ? " · quantity " + item.quantity() : "")
            .append("</p>");
      }
    }
    body.append("<p class=\"muted\">Total due today: <strong>")
        .append(
            escape(
                Formats.money(
                    session.get("amount_total").getAsLong(),
                    session.get("currency").getAsString())))
        .append("</strong></p></div><div class=\"card\">");
    if (error != null) {
      body.append("<p class=\"error\" id=\"error\">").append(escape(error)).append("</p>");
    }
    switch (status) {
      case "open" -> {
        body.append("<p>Email<br><strong>")
            .append(escape(view.email() == null ? "(entered on Stripe's page)" : view.email()))
            .append(
                "</strong></p><p>Card<br><code>4242 4242 4242 4242</code> <span class=\"muted\">12/34 · 123 (test card)</span></p>");
        String label =
            session.get("mode").getAsString().equals("subscription")
                ? (view.trialDays() != null && view.trialDays() > 0 ? "Start trial" : "Subscribe")
                : view.manualCapture() ? "Authorize" : "Pay";
        String base = "/_local/checkout/" + escape(session.get("id").getAsString());
        body.append("<form method=\"post\" action=\"")
            .append(base)
            .append("/pay\">")
            .append("<button id=\"pay\" type=\"submit\">")
            .append(label)
            .append("</button>")
            .append(
                "<p class=\"muted\"><label><input type=\"checkbox\" name=\"event_order\" value=\"reverse\">"
                    + " deliver the events in reverse order (Stripe does not promise an order)</label></p></form>")
            .append("<form class=\"inline\" method=\"post\" action=\"")
            .append(base)
            .append("/decline\">")
            .append(
                "<button id=\"decline\" class=\"secondary\" type=\"submit\">Decline (card 4000 0000 0000 0002)</button></form>")
            .append(
                "<p class=\"muted\">Pay sends the signed events Stripe would send to <code>/webhooks/stripe</code>, "
                    + "then returns to the success URL.</p>");
      }
      case "complete" -> {
        String successUrl =
            session
                .get("success_url")
                .getAsString()
                .replace("{CHECKOUT_SESSION_ID}", session.get("id").getAsString());
        String notice =
            switch (String.valueOf(view.paymentIntentStatus())) {
              case "requires_capture" ->
                  "Payment authorized: the card is on hold, nothing is charged until it is"
                      + " captured (Capture or Cancel authorization on the customer portal page).";
              case "canceled" -> "The authorization was canceled; nothing was charged.";
              default -> "This Checkout Session is complete.";
            };
        body.append("<p class=\"notice\" id=\"payment-state\">")
            .append(escape(notice))
            .append("</p><p><a class=\"button\" href=\"")
            .append(escape(successUrl))
            .append("\">Continue</a></p>");
      }
      default -> body.append("<p class=\"error\">This Checkout Session has expired.</p>");
    }
    body.append("</div></div>");
    return Html.page(
        "Checkout", StripeObjects.ACCOUNT_NAME + " · Checkout (test mode)", body.toString());
  }
}
