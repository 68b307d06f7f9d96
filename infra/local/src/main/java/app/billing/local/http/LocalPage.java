package app.billing.local.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Something the local stack serves on the HTTP API's port besides the API routes: the demo page,
 * {@code /_local/...} tools and the Stripe stand-in's hosted pages. Not part of the deployed API.
 */
@FunctionalInterface
public interface LocalPage {
  /**
   * Answers the request and returns true, or returns false (without touching it) when it is not for
   * this page.
   */
  boolean handle(HttpExchange exchange, String method, String path) throws IOException;
}
