package app.billing.local.stripe;

import app.billing.testkit.StripeSignatures;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events the way Stripe does: one POST per event to the webhook endpoint, body = the event
 * JSON, {@code Stripe-Signature: t=...,v1=...} signed with the endpoint secret. Events are sent one
 * at a time in the order they happened; a delivery that does not get a 2xx is retried a few times
 * with backoff (Stripe keeps trying for three days). Every attempt is kept for {@code GET
 * /_local/events}.
 */
public final class WebhookSender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
  private static final long[] RETRY_DELAYS_SECONDS = {1, 2, 5, 10};
  private static final int MAX_DELIVERIES_KEPT = 2000;

  /** One event and what became of its delivery. */
  public record Delivery(
      String eventId, String type, long created, String payload, List<Integer> statuses) {
    public boolean delivered() {
      return !statuses.isEmpty() && statuses.getLast() >= 200 && statuses.getLast() < 300;
    }
  }

  private final URI endpoint;
  private final String secret;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "stripe-webhook-sender");
            thread.setDaemon(true);
            return thread;
          });
  private final List<Delivery> deliveries = new ArrayList<>();
  private volatile Consumer<String> onDelivered = eventId -> {};

  public WebhookSender(URI endpoint, String secret, Clock clock) {
    this.endpoint = endpoint;
    this.secret = secret;
    this.clock = clock;
  }

  /** Called with the event id once the endpoint acknowledged a delivery with a 2xx. */
  public void onDelivered(Consumer<String> listener) {
    this.onDelivered = listener;
  }

  /** Queues the events in order; the future completes once each was tried once. */
  public CompletableFuture<Void> send(List<JsonObject> events) {
    List<CompletableFuture<Void>> attempts = new ArrayList<>();
    for (JsonObject event : events) {
      String payload = event.toString();
      Delivery delivery =
          new Delivery(
              event.get("id").getAsString(),
              event.get("type").getAsString(),
              event.get("created").getAsLong(),
              payload,
              new ArrayList<>());
      synchronized (deliveries) {
        deliveries.add(delivery);
        if (deliveries.size() > MAX_DELIVERIES_KEPT) {
          deliveries.removeFirst();
        }
      }
      attempts.add(CompletableFuture.runAsync(() -> attempt(delivery, 0), executor));
    }
    return CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new));
  }

  private void attempt(Delivery delivery, int retry) {
    int status;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(endpoint)
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json; charset=utf-8")
              .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
              .header(
                  "Stripe-Signature",
                  StripeSignatures.header(
                      delivery.payload(), secret, clock.instant().getEpochSecond()))
              .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
              .build();
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      status = 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    synchronized (deliveries) {
      delivery.statuses().add(status);
    }
    if (status >= 200 && status < 300) {
      log.info("webhook {} {} delivered ({})", delivery.type(), delivery.eventId(), status);
      onDelivered.accept(delivery.eventId());
      return;
    }
    if (retry < RETRY_DELAYS_SECONDS.length && !executor.isShutdown()) {
      log.warn(
          "webhook {} {} got {}; retrying in {} s",
          delivery.type(),
          delivery.eventId(),
          status == 0 ? "no answer" : status,
          RETRY_DELAYS_SECONDS[retry]);
      executor.schedule(
          () -> attempt(delivery, retry + 1), RETRY_DELAYS_SECONDS[retry], TimeUnit.SECONDS);
    } else {
      log.error(
          "webhook {} {} not delivered after {} attempts",
          delivery.type(),
          delivery.eventId(),
          retry + 1);
    }
  }

  /** Every delivery, oldest first, as JSON for {@code GET /_local/events}. */
  public JsonArray deliveriesJson() {
    JsonArray list = new JsonArray();
    synchronized (deliveries) {
      for (Delivery delivery : deliveries) {
        JsonObject item = new JsonObject();
        item.addProperty("id", delivery.eventId());
        item.addProperty("type", delivery.type());
        item.addProperty("created", delivery.created());
        item.addProperty("delivered", delivery.delivered());
        JsonArray statuses = new JsonArray();
        delivery.statuses().forEach(statuses::add);
        item.add("response_statuses", statuses);
        item.add("event", JsonParser.parseString(delivery.payload()));
        list.add(item);
      }
    }
    return list;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
