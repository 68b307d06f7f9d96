package app.billing.local.stripe;

import static app.billing.local.http.Html.escape;
import static app.billing.local.stripe.StripeJson.string;

import app.billing.core.email.Formats;
import app.billing.local.stripe.Payments.PaymentView;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * The portal page's test controls for what happens after a payment: its one-time payments with
 * Capture / Cancel authorization / Refund / Open dispute / Close dispute (won, lost), and Void /
 * Mark uncollectible on open invoices. They post to {@link StandInActions} and come back.
 */
final class PaymentsSection {
  private PaymentsSection() {}

  static String html(String portalId, List<PaymentView> payments) {
    StringBuilder body =
        new StringBuilder(
            "<h2>Payments</h2><div class=\"card\"><table><tr><th>Payment</th><th>Date</th>"
                + "<th>Amount</th><th>Status</th><th>Test actions</th></tr>");
    if (payments.isEmpty()) {
      body.append("<tr><td colspan=\"5\" class=\"muted\">No one-time payments.</td></tr>");
    }
    for (PaymentView payment : payments) {
      JsonObject intent = payment.paymentIntent();
      JsonObject charge = payment.charge();
      String currency = intent.get("currency").getAsString();
      body.append("<tr id=\"payment-")
          .append(escape(intent.get("id").getAsString()))
          .append("\"><td><code>")
          .append(escape(charge.get("id").getAsString()))
          .append("</code></td><td>")
          .append(escape(Formats.date(Instant.ofEpochSecond(intent.get("created").getAsLong()))))
          .append("</td><td>")
          .append(escape(Formats.money(intent.get("amount").getAsLong(), currency)));
      long refunded = charge.get("amount_refunded").getAsLong();
      if (refunded > 0 && charge.get("captured").getAsBoolean()) {
        body.append(" <span class=\"muted\">(")
            .append(escape(Formats.money(refunded, currency)))
            .append(" refunded)</span>");
      }
      String status = status(payment);
      body.append("</td><td><span class=\"status ")
          .append(escape(status))
          .append("\">")
          .append(escape(status))
          .append("</span></td><td>")
          .append(buttons(portalId, payment))
          .append("</td></tr>");
    }
    return body.append("</table></div>").toString();
  }

  /** What the customer would call it: authorized, paid, refunded, disputed, ... */
  private static String status(PaymentView payment) {
    String intentStatus = payment.paymentIntent().get("status").getAsString();
    JsonObject charge = payment.charge();
    if (intentStatus.equals("requires_capture")) {
      return "authorized";
    }
    if (intentStatus.equals("canceled")) {
      return "canceled";
    }
    if (payment.dispute() != null) {
      return "dispute " + payment.dispute().get("status").getAsString();
    }
    if (charge.get("refunded").getAsBoolean()) {
      return "refunded";
    }
    return charge.get("amount_refunded").getAsLong() > 0 ? "partially refunded" : "paid";
  }

  private static String buttons(String portalId, PaymentView payment) {
    JsonObject intent = payment.paymentIntent();
    JsonObject charge = payment.charge();
    String intentPath = "/_local/stripe/payment_intents/" + intent.get("id").getAsString();
    String chargePath = "/_local/stripe/charges/" + charge.get("id").getAsString();
    StringBuilder out = new StringBuilder();
    if ("requires_capture".equals(string(intent, "status"))) {
      out.append(button(portalId, intentPath + "/capture", "capture", "Capture", "", ""));
      out.append(
          button(
              portalId,
              intentPath + "/cancel",
              "cancel-authorization",
              "Cancel authorization",
              "",
              ""));
      return out.toString();
    }
    if (!charge.get("captured").getAsBoolean()) {
      return "";
    }
    JsonObject dispute = payment.dispute();
    if (dispute == null) {
      if (!charge.get("refunded").getAsBoolean()) {
        out.append(
            button(
                portalId,
                chargePath + "/refund",
                "refund",
                "Refund",
                "<input name=\"amount\" size=\"7\" placeholder=\"all\" title=\"amount in cents\"> ",
                ""));
      }
      out.append(button(portalId, chargePath + "/dispute", "open-dispute", "Open dispute", "", ""));
    } else if (List.of("needs_response", "under_review").contains(string(dispute, "status"))) {
      String closePath = "/_local/stripe/disputes/" + dispute.get("id").getAsString() + "/close";
      out.append(
          button(
              portalId,
              closePath,
              "close-dispute-won",
              "Close dispute (won)",
              "",
              "<input type=\"hidden\" name=\"outcome\" value=\"won\">"));
      out.append(
          button(
              portalId,
              closePath,
              "close-dispute-lost",
              "Close dispute (lost)",
              "",
              "<input type=\"hidden\" name=\"outcome\" value=\"lost\">"));
    }
    return out.toString();
  }

  /** Void / Mark uncollectible for an open invoice. */
  static String invoiceButtons(String portalId, JsonObject invoice) {
    if (!"open".equals(string(invoice, "status"))) {
      return "";
    }
    String path = "/_local/stripe/invoices/" + invoice.get("id").getAsString();
    return " "
        + button(portalId, path + "/void", "void-invoice", "Void invoice", "", "")
        + button(
            portalId,
            path + "/mark-uncollectible",
            "mark-uncollectible",
            "Mark uncollectible",
            "",
            "");
  }

  private static String button(
      String portalId, String action, String id, String label, String inputs, String hidden) {
    return "<form class=\"inline\" method=\"post\" action=\""
        + escape(action)
        + "\"><input type=\"hidden\" name=\"return_to\" value=\"/_local/portal/"
        + escape(portalId)
        + "\">"
        + hidden
        + inputs
        + "<button id=\""
        + id
        + "\" class=\"secondary\" type=\"submit\">"
        + escape(label)
        + "</button></form>";
  }
}
