package app.billing.bench.recovery;

import app.billing.local.LocalStack;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.checkout.Session;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The backfill's starting point in the Stripe stand-in: per tenant a customer, a Starter
 * subscription paid through the hosted checkout, and the webhooks of it all provisioned.
 */
final class StandInSeed {
  private static final String STARTER_MONTHLY = "price_1YVHXZSb7kQ2wLn572xB0pDK";

  private StandInSeed() {}

  static void seed(StripeClient stripe, HttpClient http, String baseUrl, String tenantId)
      throws StripeException, IOException, InterruptedException {
    Customer customer =
        stripe
            .v1()
            .customers()
            .create(
                CustomerCreateParams.builder()
                    .setEmail(tenantId + "@example.test")
                    .putMetadata("tenantId", tenantId)
                    .build());
    Session session =
        stripe
            .v1()
            .checkout()
            .sessions()
            .create(
                SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                    .setCustomer(customer.getId())
                    .addLineItem(
                        SessionCreateParams.LineItem.builder()
                            .setPrice(STARTER_MONTHLY)
                            .setQuantity(1L)
                            .build())
                    .putMetadata("tenantId", tenantId)
                    .setSubscriptionData(
                        SessionCreateParams.SubscriptionData.builder()
                            .putMetadata("tenantId", tenantId)
                            .build())
                    .setSuccessUrl(baseUrl + "/?checkout=success")
                    .build());
    HttpResponse<String> paid =
        http.send(
            HttpRequest.newBuilder(URI.create(session.getUrl() + "/pay"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (paid.statusCode() != 303) {
      throw new IllegalStateException("pay answered " + paid.statusCode() + ": " + paid.body());
    }
  }

  /**
   * The webhooks of the seeding are provisioned before the measurement, so they do not share the
   * CPU.
   */
  static void awaitDrained(HttpClient http, String baseUrl)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      String body =
          http.send(
                  HttpRequest.newBuilder(URI.create(baseUrl + "/_local/queues")).GET().build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      JsonObject queue =
          JsonParser.parseString(body).getAsJsonObject().getAsJsonObject(LocalStack.QUEUE_NAME);
      if (queue.get("visible").getAsInt() == 0 && queue.get("in_flight").getAsInt() == 0) {
        Thread.sleep(1_000);
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the event queue did not drain");
  }
}
