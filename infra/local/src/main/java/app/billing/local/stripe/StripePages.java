package app.billing.local.stripe;

import static app.billing.local.http.Html.escape;

import app.billing.core.catalog.BillingCycle;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.catalog.CatalogPrice;
import app.billing.core.catalog.PriceMatch;
import app.billing.core.email.Formats;
import app.billing.local.http.Exchanges;
import app.billing.local.http.Html;
import app.billing.local.http.LocalPage;
import app.billing.local.stripe.StripeBackend.Change;
import app.billing.local.stripe.StripeBackend.CheckoutView;
import app.billing.local.stripe.StripeBackend.PortalAction;
import app.billing.local.stripe.StripeBackend.PortalView;
import app.billing.local.stripe.StripeObjects.LineItemRequest;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages Stripe hosts, served locally: Checkout ({@code /_local/checkout/{id}}: Pay / Decline),
 * the customer portal ({@code /_local/portal/{id}}: cancel, switch plan and simulated renewals) and
 * the hosted invoice page ({@code /_local/invoices/{id}}: pay an open invoice). Each action changes
 * the stand-in's state and sends the signed events; the page answers once they were delivered once.
 */
final class StripePages implements LocalPage {
  private static final Logger log = LoggerFactory.getLogger(StripePages.class);
  private static final Pattern CHECKOUT =
      Pattern.compile("/_local/checkout/([A-Za-z0-9_]+)(?:/(pay|decline))?");
  private static final Pattern PORTAL =
      Pattern.compile("/_local/portal/([A-Za-z0-9_]+)(?:/([a-z-]+))?");
  private static final Pattern INVOICE =
      Pattern.compile("/_local/invoices/([A-Za-z0-9_]+)(?:/(pay))?");
  private static final long DELIVERY_WAIT_SECONDS = 15;

  private final StripeBackend backend;
  private final WebhookSender webhooks;

  StripePages(StripeBackend backend, WebhookSender webhooks) {
    this.backend = backend;
    this.webhooks = webhooks;
  }

  @Override
  public boolean handle(HttpExchange exchange, String method, String path) throws IOException {
    Matcher checkout = CHECKOUT.matcher(path);
    if (checkout.matches()) {
      return checkout(exchange, method, checkout.group(1), checkout.group(2));
    }
    Matcher portal = PORTAL.matcher(path);
    if (portal.matches()) {
      return portal(exchange, method, portal.group(1), portal.group(2));
    }
    Matcher invoice = INVOICE.matcher(path);
    if (invoice.matches()) {
      return invoice(exchange, method, invoice.group(1), invoice.group(2));
    }
    return false;
  }

  // ------------------------------------------------------------------ checkout

  private boolean checkout(HttpExchange exchange, String method, String sessionId, String action)
      throws IOException {
    if (action == null && method.equals("GET")) {
      Optional<CheckoutView> view = backend.checkoutView(sessionId);
      if (view.isEmpty()) {
        notFound(exchange, "Checkout Session " + sessionId);
      } else {
        Exchanges.html(exchange, 200, checkoutPage(view.get(), null));
      }
      return true;
    }
    if (action == null || !method.equals("POST")) {
      return false;
    }
    Optional<CheckoutView> view = backend.checkoutView(sessionId);
    if (view.isEmpty()) {
      notFound(exchange, "Checkout Session " + sessionId);
      return true;
    }
    Map<String, String> form = Exchanges.formBody(exchange);
    if (action.equals("decline")) {
      // A declined card: Stripe keeps the session open, shows the error and sends no checkout
      // event.
      Exchanges.html(
          exchange,
          402,
          checkoutPage(
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
      deliver(events);
      JsonObject session = change.object();
      String successUrl =
          session.get("success_url").getAsString().replace("{CHECKOUT_SESSION_ID}", sessionId);
      Exchanges.redirect(exchange, successUrl);
    } catch (StripeError e) {
      Exchanges.html(
          exchange,
          400,
          checkoutPage(backend.checkoutView(sessionId).orElseThrow(), e.getMessage()));
    }
    return true;
  }

  private String checkoutPage(CheckoutView view, String error) {
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
                : "Pay";
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
        body.append(
                "<p class=\"notice\">This Checkout Session is complete.</p><p><a class=\"button\" href=\"")
            .append(escape(successUrl))
            .append("\">Continue</a></p>");
      }
      default -> body.append("<p class=\"error\">This Checkout Session has expired.</p>");
    }
    body.append("</div></div>");
    return Html.page(
        "Checkout", StripeObjects.ACCOUNT_NAME + " · Checkout (test mode)", body.toString());
  }

  // ------------------------------------------------------------------ portal

  private boolean portal(HttpExchange exchange, String method, String portalId, String actionPath)
      throws IOException {
    if (actionPath == null && method.equals("GET")) {
      Optional<PortalView> view = backend.portalView(portalId);
      if (view.isEmpty()) {
        notFound(exchange, "portal session " + portalId);
      } else {
        Map<String, String> query = Exchanges.query(exchange);
        Exchanges.html(exchange, 200, portalPage(view.get(), query.get("done"), null));
      }
      return true;
    }
    if (actionPath == null || !method.equals("POST")) {
      return false;
    }
    Optional<PortalAction> action = PortalAction.fromPath(actionPath);
    if (action.isEmpty()) {
      return false;
    }
    Map<String, String> form = Exchanges.formBody(exchange);
    try {
      Change change =
          backend.portalAction(portalId, form.get("subscription"), action.get(), form.get("price"));
      deliver(change.events());
      String done =
          change.events().stream()
              .map(e -> e.get("type").getAsString())
              .distinct()
              .reduce((a, b) -> a + ", " + b)
              .orElse("nothing changed");
      Optional<String> flowReturn =
          backend.portalView(portalId).flatMap(v -> flowReturnUrl(v.portalSession()));
      Exchanges.redirect(
          exchange,
          flowReturn.orElse(
              "/_local/portal/"
                  + portalId
                  + "?done="
                  + URLEncoder.encode(actionPath + ": " + done, StandardCharsets.UTF_8)));
    } catch (StripeError e) {
      Optional<PortalView> view = backend.portalView(portalId);
      if (view.isEmpty()) {
        notFound(exchange, "portal session " + portalId);
      } else {
        Exchanges.html(
            exchange, e.status() == 404 ? 404 : 400, portalPage(view.get(), null, e.getMessage()));
      }
    }
    return true;
  }

  /** A deep link that redirects after its task: where to. */
  private static Optional<String> flowReturnUrl(JsonObject portalSession) {
    JsonElement flow = portalSession.get("flow");
    if (flow == null || !flow.isJsonObject()) {
      return Optional.empty();
    }
    JsonObject after = flow.getAsJsonObject().getAsJsonObject("after_completion");
    if (!"redirect".equals(string(after, "type"))) {
      return Optional.empty();
    }
    return Optional.ofNullable(string(after.getAsJsonObject("redirect"), "return_url"));
  }

  private String portalPage(PortalView view, String done, String error) {
    JsonObject customer = view.customer();
    String portalId = view.portalSession().get("id").getAsString();
    StringBuilder body =
        new StringBuilder("<h1>Billing</h1><p class=\"muted\">")
            .append(escape(string(customer, "email")))
            .append(" · customer <code>")
            .append(escape(customer.get("id").getAsString()))
            .append("</code></p>");
    String returnUrl = string(view.portalSession(), "return_url");
    if (returnUrl != null) {
      body.append("<p><a id=\"return\" href=\"")
          .append(escape(returnUrl))
          .append("\">&larr; Return to the app</a></p>");
    }
    JsonElement flow = view.portalSession().get("flow");
    if (flow != null && flow.isJsonObject()) {
      String type = string(flow.getAsJsonObject(), "type");
      body.append("<p class=\"notice\" id=\"flow\">Opened for: <strong>")
          .append(escape(type.replace('_', ' ')))
          .append("</strong>")
          .append(
              flowReturnUrl(view.portalSession()).isPresent()
                  ? " — you return to the app when it is done."
                  : "")
          .append("</p>");
      if (type.equals("payment_method_update")) {
        body.append(
                "<div class=\"card\"><p>New card <code>4242 4242 4242 4242</code> <span class=\"muted\">12/34 · 123</span></p>")
            .append(
                actionButton(
                    "/_local/portal/" + escape(portalId) + "/",
                    "update-payment-method",
                    "",
                    "Save card",
                    ""))
            .append("</div>");
      }
    }
    if (done != null) {
      body.append("<p class=\"notice\" id=\"done\">Done — events sent: ")
          .append(escape(done))
          .append("</p>");
    }
    if (error != null) {
      body.append("<p class=\"error\" id=\"error\">").append(escape(error)).append("</p>");
    }
    body.append("<h2>Subscriptions</h2>");
    if (view.subscriptions().isEmpty()) {
      body.append("<div class=\"card muted\">No subscriptions.</div>");
    }
    for (JsonObject sub : view.subscriptions()) {
      body.append(subscriptionCard(portalId, sub));
    }
    body.append(
        "<h2>Invoices</h2><div class=\"card\"><table><tr><th>Number</th><th>Date</th><th>Amount</th><th>Status</th><th></th></tr>");
    for (JsonObject invoice : view.invoices()) {
      body.append("<tr><td>")
          .append(escape(string(invoice, "number")))
          .append("</td><td>")
          .append(escape(Formats.date(Instant.ofEpochSecond(invoice.get("created").getAsLong()))))
          .append("</td><td>")
          .append(
              escape(
                  Formats.money(
                      invoice.get("amount_due").getAsLong(),
                      invoice.get("currency").getAsString())))
          .append("</td><td><span class=\"status ")
          .append(escape(string(invoice, "status")))
          .append("\">")
          .append(escape(string(invoice, "status")))
          .append("</span></td><td><a href=\"")
          .append(escape(string(invoice, "hosted_invoice_url")))
          .append("\">View</a></td></tr>");
    }
    body.append("</table></div>");
    return Html.page(
        "Billing portal",
        StripeObjects.ACCOUNT_NAME + " · Customer portal (test mode)",
        body.toString());
  }

  private String subscriptionCard(String portalId, JsonObject sub) {
    JsonObject item = sub.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject();
    String priceId = item.getAsJsonObject("price").get("id").getAsString();
    Optional<PriceMatch> match = backend.objects().priceMatch(priceId);
    String status = sub.get("status").getAsString();
    String subId = sub.get("id").getAsString();
    StringBuilder card =
        new StringBuilder("<div class=\"card\" id=\"sub-")
            .append(escape(subId))
            .append("\"><h2>")
            .append(escape(match.map(m -> m.entry().name()).orElse(priceId)))
            .append(" <span class=\"status ")
            .append(escape(status))
            .append("\" id=\"status\">")
            .append(escape(status))
            .append("</span></h2><p class=\"muted\">");
    match.ifPresent(
        m ->
            card.append(escape(Formats.money(m.price().amount(), m.price().currency())))
                .append(" per ")
                .append(StripeObjects.interval(m.cycle()))
                .append(" · "));
    card.append("current period ")
        .append(
            escape(
                Formats.date(Instant.ofEpochSecond(item.get("current_period_start").getAsLong()))))
        .append(" – ")
        .append(
            escape(
                Formats.date(Instant.ofEpochSecond(item.get("current_period_end").getAsLong()))));
    if (status.equals("trialing") && !sub.get("trial_end").isJsonNull()) {
      card.append(" · trial ends ")
          .append(escape(Formats.date(Instant.ofEpochSecond(sub.get("trial_end").getAsLong()))));
    }
    if (sub.get("cancel_at_period_end").getAsBoolean()) {
      card.append(" · <strong>cancels at period end</strong>");
    }
    card.append("</p>");
    if (status.equals("canceled")) {
      card.append("<p class=\"muted\">Ended ")
          .append(escape(Formats.date(Instant.ofEpochSecond(sub.get("ended_at").getAsLong()))))
          .append(" (")
          .append(escape(string(sub.getAsJsonObject("cancellation_details"), "reason")))
          .append(")</p></div>");
      return card.toString();
    }
    String base = "/_local/portal/" + escape(portalId) + "/";
    card.append("<div>");
    if (sub.get("cancel_at_period_end").getAsBoolean()) {
      card.append(actionButton(base, "reactivate", subId, "Don't cancel", "secondary"));
    } else {
      card.append(
          actionButton(base, "cancel-at-period-end", subId, "Cancel at period end", "secondary"));
    }
    card.append(actionButton(base, "cancel-now", subId, "Cancel now", "danger"));
    card.append("<form class=\"inline\" method=\"post\" action=\"")
        .append(base)
        .append("switch-plan\">")
        .append("<input type=\"hidden\" name=\"subscription\" value=\"")
        .append(escape(subId))
        .append("\">")
        .append("<select name=\"price\" id=\"switch-price\">");
    for (CatalogEntry entry : backend.objects().catalog().entries()) {
      for (Map.Entry<BillingCycle, CatalogPrice> price : entry.prices().entrySet()) {
        if (price.getKey() != BillingCycle.ONE_TIME
            && !price.getValue().priceId().equals(priceId)) {
          card.append("<option value=\"")
              .append(escape(price.getValue().priceId()))
              .append("\">")
              .append(
                  escape(
                      entry.name()
                          + " · "
                          + Formats.money(price.getValue().amount(), price.getValue().currency())
                          + " / "
                          + StripeObjects.interval(price.getKey())))
              .append("</option>");
        }
      }
    }
    card.append(
            "</select> <button class=\"secondary\" id=\"switch-plan\" type=\"submit\">Switch plan</button></form></div>")
        .append(
            "<p class=\"muted\" style=\"margin-top:14px\">Simulate what happens at the end of the period:</p><div>")
        .append(
            actionButton(
                base,
                "simulate-renewal",
                subId,
                status.equals("past_due")
                    ? "Simulate payment retry succeeding"
                    : "Simulate renewal",
                "secondary"))
        .append(
            actionButton(
                base, "simulate-failed-renewal", subId, "Simulate failed renewal", "secondary"))
        .append("</div></div>");
    return card.toString();
  }

  private static String actionButton(
      String base, String action, String subscriptionId, String label, String style) {
    return "<form class=\"inline\" method=\"post\" action=\""
        + base
        + action
        + "\">"
        + "<input type=\"hidden\" name=\"subscription\" value=\""
        + escape(subscriptionId)
        + "\">"
        + "<button id=\""
        + action
        + "\" class=\""
        + style
        + "\" type=\"submit\">"
        + escape(label)
        + "</button></form>";
  }

  // ------------------------------------------------------------------ hosted invoice page

  private boolean invoice(HttpExchange exchange, String method, String invoiceId, String action)
      throws IOException {
    if (action == null && method.equals("GET")) {
      Optional<JsonObject> invoice = backend.invoiceView(invoiceId);
      if (invoice.isEmpty()) {
        notFound(exchange, "invoice " + invoiceId);
      } else {
        Exchanges.html(exchange, 200, invoicePage(invoice.get(), null));
      }
      return true;
    }
    if (action == null || !method.equals("POST")) {
      return false;
    }
    Exchanges.body(exchange);
    try {
      Change change = backend.payOpenInvoice(invoiceId);
      deliver(change.events());
      Exchanges.redirect(exchange, "/_local/invoices/" + invoiceId);
    } catch (StripeError e) {
      Optional<JsonObject> invoice = backend.invoiceView(invoiceId);
      if (invoice.isEmpty()) {
        notFound(exchange, "invoice " + invoiceId);
      } else {
        Exchanges.html(exchange, 400, invoicePage(invoice.get(), e.getMessage()));
      }
    }
    return true;
  }

  private String invoicePage(JsonObject invoice, String error) {
    String status = invoice.get("status").getAsString();
    String currency = invoice.get("currency").getAsString();
    StringBuilder body =
        new StringBuilder("<div class=\"card\"><h1>Invoice ")
            .append(escape(string(invoice, "number")))
            .append(" <span class=\"status ")
            .append(escape(status))
            .append("\">")
            .append(escape(status))
            .append("</span></h1>")
            .append("<p class=\"amount\">")
            .append(escape(Formats.money(invoice.get("amount_due").getAsLong(), currency)))
            .append("</p><p class=\"muted\">")
            .append(escape(string(invoice, "customer_email")))
            .append(" · ")
            .append(escape(Formats.date(Instant.ofEpochSecond(invoice.get("created").getAsLong()))))
            .append("</p>");
    if (error != null) {
      body.append("<p class=\"error\">").append(escape(error)).append("</p>");
    }
    body.append("<table>");
    for (JsonElement line : invoice.getAsJsonObject("lines").getAsJsonArray("data")) {
      JsonObject l = line.getAsJsonObject();
      body.append("<tr><td>")
          .append(escape(string(l, "description")))
          .append("</td><td>")
          .append(escape(Formats.money(l.get("amount").getAsLong(), currency)))
          .append("</td></tr>");
    }
    body.append("</table>");
    if (status.equals("open")) {
      JsonElement next = invoice.get("next_payment_attempt");
      if (next != null && !next.isJsonNull()) {
        body.append("<p class=\"muted\">Next automatic attempt: ")
            .append(escape(Formats.date(Instant.ofEpochSecond(next.getAsLong()))))
            .append("</p>");
      }
      body.append("<form method=\"post\" action=\"/_local/invoices/")
          .append(escape(invoice.get("id").getAsString()))
          .append("/pay\"><button id=\"pay-invoice\" type=\"submit\">Pay ")
          .append(escape(Formats.money(invoice.get("amount_remaining").getAsLong(), currency)))
          .append(" with 4242 4242 4242 4242</button></form>");
    }
    body.append("</div>");
    return Html.page(
        "Invoice", StripeObjects.ACCOUNT_NAME + " · Invoice (test mode)", body.toString());
  }

  // ------------------------------------------------------------------ shared

  /**
   * Sends the events and waits until each was tried once, so the next page already reflects them.
   */
  private void deliver(List<JsonObject> events) {
    try {
      webhooks.send(events).get(DELIVERY_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      log.warn("webhook deliveries still running after {} s; continuing", DELIVERY_WAIT_SECONDS);
    } catch (ExecutionException e) {
      log.warn("webhook delivery failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void notFound(HttpExchange exchange, String what) throws IOException {
    Exchanges.html(
        exchange,
        404,
        Html.page(
            "Not found",
            StripeObjects.ACCOUNT_NAME,
            "<div class=\"card\"><h1>Not found</h1><p class=\"muted\">No "
                + escape(what)
                + " in the local Stripe stand-in's account.</p></div>"));
  }

  private static String string(JsonObject object, String field) {
    if (object == null) {
      return null;
    }
    JsonElement value = object.get(field);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }
}
