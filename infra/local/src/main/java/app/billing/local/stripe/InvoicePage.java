package app.billing.local.stripe;

import static app.billing.local.http.Html.escape;
import static app.billing.local.stripe.StripeJson.string;

import app.billing.core.email.Formats;
import app.billing.local.http.Exchanges;
import app.billing.local.http.Html;
import app.billing.local.stripe.StripeBackend.Change;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** The hosted invoice page, {@code /_local/invoices/{id}}: pay an open invoice. */
final class InvoicePage {
  private final StripeBackend backend;
  private final PageSupport support;

  InvoicePage(StripeBackend backend, PageSupport support) {
    this.backend = backend;
    this.support = support;
  }

  boolean handle(HttpExchange exchange, String method, String invoiceId, String action)
      throws IOException {
    if (action == null && method.equals("GET")) {
      Optional<JsonObject> invoice = backend.invoiceView(invoiceId);
      if (invoice.isEmpty()) {
        PageSupport.notFound(exchange, "invoice " + invoiceId);
      } else {
        Exchanges.html(exchange, 200, page(invoice.get(), null));
      }
      return true;
    }
    if (action == null || !method.equals("POST")) {
      return false;
    }
    Exchanges.body(exchange);
    try {
      Change change = backend.payOpenInvoice(invoiceId);
      support.deliver(change.events());
      Exchanges.redirect(exchange, "/_local/invoices/" + invoiceId);
    } catch (StripeError e) {
      Optional<JsonObject> invoice = backend.invoiceView(invoiceId);
      if (invoice.isEmpty()) {
        PageSupport.notFound(exchange, "invoice " + invoiceId);
      } else {
        Exchanges.html(exchange, 400, page(invoice.get(), e.getMessage()));
      }
    }
    return true;
  }

  private String page(JsonObject invoice, String error) {
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
}
