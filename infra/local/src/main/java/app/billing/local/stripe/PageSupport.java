package app.billing.local.stripe;

import static app.billing.local.http.Html.escape;

import app.billing.local.http.Exchanges;
import app.billing.local.http.Html;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the stand-in's pages share: delivering an action's events, and the not-found page. */
final class PageSupport {
  private static final Logger log = LoggerFactory.getLogger(PageSupport.class);
  private static final long DELIVERY_WAIT_SECONDS = 15;

  private final WebhookSender webhooks;

  PageSupport(WebhookSender webhooks) {
    this.webhooks = webhooks;
  }

  /**
   * Sends the events and waits until each was tried once, so the next page already reflects them.
   */
  void deliver(List<JsonObject> events) {
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

  static void notFound(HttpExchange exchange, String what) throws IOException {
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
}
