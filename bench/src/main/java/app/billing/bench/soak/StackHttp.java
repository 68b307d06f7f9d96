package app.billing.bench.soak;

import app.billing.local.LocalStack;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/** The soak's HTTP calls to the local stack: set-up, the webhook deliveries and reading back. */
final class StackHttp {
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .executor(Executors.newFixedThreadPool(8))
          .build();
  private final String base;

  StackHttp(String base) {
    this.base = base;
  }

  /** One signed delivery to the webhook, not waited for. */
  CompletableFuture<HttpResponse<Void>> deliver(String payload, String signature) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/webhooks/stripe"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json; charset=utf-8")
            .header("Stripe-Signature", signature)
            .POST(HttpRequest.BodyPublishers.ofString(payload))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
  }

  /**
   * Checkout of Pro paid on the stand-in's page: the tenant's customer, linked, and its
   * invoice.paid event.
   */
  SoakPlan.Customer subscribe(String tenantId, String apiKey) throws Exception {
    HttpResponse<String> checkout =
        send(
            HttpRequest.newBuilder(URI.create(base + "/billing/checkout"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"plan\":\"pro\",\"billing_cycle\":\"monthly\"}")));
    if (checkout.statusCode() != 201) {
      throw new IllegalStateException(
          "checkout of " + tenantId + ": " + checkout.statusCode() + " " + checkout.body());
    }
    String checkoutUrl =
        JsonParser.parseString(checkout.body()).getAsJsonObject().get("checkout_url").getAsString();
    HttpResponse<String> pay =
        send(
            HttpRequest.newBuilder(URI.create(checkoutUrl + "/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()));
    if (pay.statusCode() != 303) {
      throw new IllegalStateException(
          "paying the checkout of " + tenantId + ": " + pay.statusCode());
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String customerId = null;
    while (customerId == null) {
      JsonObject s = getJson("/billing/subscription", apiKey).getAsJsonObject();
      if (s.has("status") && "active".equals(s.get("status").getAsString())) {
        customerId = s.get("stripe_customer_id").getAsString();
      } else if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no active subscription for " + tenantId + ": " + s);
      } else {
        Thread.sleep(100);
      }
    }
    JsonObject paid = null;
    for (JsonElement delivery : getJson("/_local/events", null).getAsJsonArray()) {
      JsonObject event = delivery.getAsJsonObject().getAsJsonObject("event");
      if (event.get("type").getAsString().equals("invoice.paid")
          && customerId.equals(
              event
                  .getAsJsonObject("data")
                  .getAsJsonObject("object")
                  .get("customer")
                  .getAsString())) {
        paid = event;
      }
    }
    if (paid == null) {
      throw new IllegalStateException("no invoice.paid event for " + customerId);
    }
    return new SoakPlan.Customer(tenantId, apiKey, customerId, paid);
  }

  /** Every payment id of the customer's tenant, page by page. */
  List<String> invoiceIds(SoakPlan.Customer customer) throws Exception {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page =
          getJson(
                  "/billing/payments?limit=100"
                      + (cursor == null
                          ? ""
                          : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                  customer.apiKey())
              .getAsJsonObject();
      page.getAsJsonArray("data")
          .forEach(p -> ids.add(p.getAsJsonObject().get("id").getAsString()));
      cursor = page.get("has_more").getAsBoolean() ? page.get("next_cursor").getAsString() : null;
    } while (cursor != null);
    return ids;
  }

  boolean awaitDrained(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject q = getJson("/_local/queues", null).getAsJsonObject();
      JsonObject events = q.getAsJsonObject(LocalStack.QUEUE_NAME);
      if (events.get("visible").getAsInt() == 0 && events.get("in_flight").getAsInt() == 0) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  /** Messages visible on the dead-letter queue. */
  int dlqVisible() throws Exception {
    JsonObject queues = getJson("/_local/queues", null).getAsJsonObject();
    return queues.getAsJsonObject(LocalStack.DLQ_NAME).get("visible").getAsInt();
  }

  /** GET {@code path} on the stack (as the tenant of {@code apiKey} when not null), 200 or else. */
  JsonElement getJson(String path, String apiKey) throws Exception {
    String url = base + path;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
    }
    return JsonParser.parseString(response.body());
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
