package app.billing.local.stripe;

import app.billing.local.http.LocalPage;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages Stripe hosts, served locally: Checkout ({@code /_local/checkout/{id}}: Pay / Decline),
 * the customer portal ({@code /_local/portal/{id}}: cancel, switch plan and simulated renewals) and
 * the hosted invoice page ({@code /_local/invoices/{id}}: pay an open invoice). Each action changes
 * the stand-in's state and sends the signed events; the page answers once they were delivered once.
 */
final class StripePages implements LocalPage {
  private static final Pattern CHECKOUT =
      Pattern.compile("/_local/checkout/([A-Za-z0-9_]+)(?:/(pay|decline))?");
  private static final Pattern PORTAL =
      Pattern.compile("/_local/portal/([A-Za-z0-9_]+)(?:/([a-z-]+))?");
  private static final Pattern INVOICE =
      Pattern.compile("/_local/invoices/([A-Za-z0-9_]+)(?:/(pay))?");

  private final CheckoutPage checkout;
  private final PortalPage portal;
  private final InvoicePage invoice;

  StripePages(StripeBackend backend, WebhookSender webhooks) {
    PageSupport support = new PageSupport(webhooks);
    this.checkout = new CheckoutPage(backend, support);
    this.portal = new PortalPage(backend, support);
    this.invoice = new InvoicePage(backend, support);
  }

  @Override
  public boolean handle(HttpExchange exchange, String method, String path) throws IOException {
    Matcher m = CHECKOUT.matcher(path);
    if (m.matches()) {
      return checkout.handle(exchange, method, m.group(1), m.group(2));
    }
    m = PORTAL.matcher(path);
    if (m.matches()) {
      return portal.handle(exchange, method, m.group(1), m.group(2));
    }
    m = INVOICE.matcher(path);
    if (m.matches()) {
      return invoice.handle(exchange, method, m.group(1), m.group(2));
    }
    return false;
  }
}
