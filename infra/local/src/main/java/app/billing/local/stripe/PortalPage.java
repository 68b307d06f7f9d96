package app.billing.local.stripe;

import static app.billing.local.http.Html.escape;
import static app.billing.local.stripe.StripeJson.string;

import app.billing.core.catalog.BillingCycle;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.catalog.CatalogPrice;
import app.billing.core.catalog.PriceMatch;
import app.billing.core.email.Formats;
import app.billing.local.http.Exchanges;
import app.billing.local.http.Html;
import app.billing.local.stripe.PortalSessions.PortalView;
import app.billing.local.stripe.StripeBackend.Change;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The customer portal, {@code /_local/portal/{id}}: cancel, switch plan, simulated renewals, and
 * the customer's invoices.
 */
final class PortalPage {
  private final StripeBackend backend;
  private final PageSupport support;

  PortalPage(StripeBackend backend, PageSupport support) {
    this.backend = backend;
    this.support = support;
  }

  boolean handle(HttpExchange exchange, String method, String portalId, String actionPath)
      throws IOException {
    if (actionPath == null && method.equals("GET")) {
      Optional<PortalView> view = backend.portalView(portalId);
      if (view.isEmpty()) {
        PageSupport.notFound(exchange, "portal session " + portalId);
      } else {
        Map<String, String> query = Exchanges.query(exchange);
        Exchanges.html(exchange, 200, page(view.get(), query.get("done"), query.get("error")));
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
      support.deliver(change.events());
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
        PageSupport.notFound(exchange, "portal session " + portalId);
      } else {
        Exchanges.html(
            exchange, e.status() == 404 ? 404 : 400, page(view.get(), null, e.getMessage()));
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

  private String page(PortalView view, String done, String error) {
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
          .append("\">View</a>")
          .append(PaymentsSection.invoiceButtons(portalId, invoice))
          .append("</td></tr>");
    }
    body.append("</table></div>");
    body.append(PaymentsSection.html(portalId, view.payments()));
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
}
