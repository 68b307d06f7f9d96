package app.billing.reconciler.adapter;

import app.billing.core.reconcile.StripeEventPages;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.StripeCollection;
import com.stripe.param.EventListParams;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RateLimitExceededException;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StripeEventPages} on stripe-java's {@code v1().events().list(...)}, paced and retried by
 * Failsafe.
 *
 * <p>Pace: a smooth {@link RateLimiter} spaces the calls to at most {@code maxRequestsPerSecond}
 * (Stripe allows 25 per second in test mode, 100 live; the reconciler leaves room for the other
 * functions). Retries: stripe-java's own network retries cover connection failures, 409 and 5xx but
 * not 429 (its {@code HttpClient.shouldRetry} retries a 429 only when Stripe sends {@code
 * Stripe-Should-Retry: true}), so a {@link RetryPolicy} retries 429 with exponential backoff and
 * jitter, a bounded number of times; the page is then read again, never skipped.
 *
 * <p>Each event goes on as the JSON Stripe sent: the items of the page's {@code data} array, taken
 * from the raw response rather than re-serialized from stripe-java's model.
 */
public final class StripeEventsAdapter implements StripeEventPages {
  private static final Logger log = LoggerFactory.getLogger(StripeEventsAdapter.class);
  static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(16);

  private final StripeClient stripe;
  private final FailsafeExecutor<StripeCollection<Event>> executor;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger rateLimited = new AtomicInteger();

  public StripeEventsAdapter(StripeClient stripe, int maxRequestsPerSecond, int rateLimitRetries) {
    this(stripe, maxRequestsPerSecond, rateLimitRetries, FIRST_BACKOFF, MAX_BACKOFF);
  }

  /** With other backoff bounds (tests). */
  public StripeEventsAdapter(
      StripeClient stripe,
      int maxRequestsPerSecond,
      int rateLimitRetries,
      Duration firstBackoff,
      Duration maxBackoff) {
    this.stripe = Objects.requireNonNull(stripe, "stripe");
    RetryPolicy<StripeCollection<Event>> retry =
        RetryPolicy.<StripeCollection<Event>>builder()
            .handleIf(StripeEventsAdapter::rateLimited)
            .withBackoff(firstBackoff, maxBackoff)
            .withJitter(0.2)
            .withMaxRetries(rateLimitRetries)
            .onRetry(
                e -> {
                  rateLimited.incrementAndGet();
                  log.warn(
                      "Stripe answered 429 to GET /v1/events; retry {} after backoff",
                      e.getAttemptCount());
                })
            .build();
    RateLimiter<StripeCollection<Event>> pace =
        RateLimiter.<StripeCollection<Event>>smoothBuilder(
                maxRequestsPerSecond, Duration.ofSeconds(1))
            .withMaxWaitTime(Duration.ofSeconds(10))
            .build();
    // Outer to inner: every attempt, retries included, waits for its turn under the pace.
    this.executor = Failsafe.with(retry, pace);
  }

  private static boolean rateLimited(Throwable failure) {
    return failure instanceof StripeException e
        && e.getStatusCode() != null
        && e.getStatusCode() == 429;
  }

  @Override
  public EventPage page(EventQuery query) {
    EventListParams.Builder params =
        EventListParams.builder()
            .addAllType(query.types().stream().sorted().toList())
            .setCreated(
                EventListParams.Created.builder()
                    .setGt(query.createdAfter())
                    .setLte(query.createdUpTo())
                    .build())
            .setLimit((long) query.limit());
    if (query.startingAfter() != null) {
      params.setStartingAfter(query.startingAfter());
    }
    if (query.onlyUndelivered()) {
      params.setDeliverySuccess(false);
    }
    EventListParams built = params.build();
    StripeCollection<Event> page;
    try {
      page =
          executor.get(
              () -> {
                calls.incrementAndGet();
                return stripe.v1().events().list(built);
              });
    } catch (RateLimitExceededException e) {
      throw new StripeEventsUnavailableException(
          "the reconciler's own request pace was exceeded", e);
    } catch (FailsafeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof StripeException stripeError) {
        log.warn(
            "GET /v1/events failed: status {} code {} request {}",
            stripeError.getStatusCode(),
            stripeError.getCode(),
            stripeError.getRequestId());
      }
      throw new StripeEventsUnavailableException(
          "Stripe's Events API could not be read: " + cause.getMessage(), cause);
    }
    return toPage(page);
  }

  private static EventPage toPage(StripeCollection<Event> page) {
    JsonObject raw = page.getRawJsonObject();
    JsonArray data = raw == null ? null : raw.getAsJsonArray("data");
    if (data == null) {
      throw new StripeEventsUnavailableException(
          "GET /v1/events answered without a data list", null);
    }
    List<StripeEventJson> events = new ArrayList<>(data.size());
    for (JsonElement item : data) {
      JsonObject event = item.getAsJsonObject();
      events.add(new StripeEventJson(event.get("id").getAsString(), event.toString()));
    }
    return new EventPage(events, raw.has("has_more") && raw.get("has_more").getAsBoolean());
  }

  /** Calls made to Stripe, retries included. */
  public int calls() {
    return calls.get();
  }

  /** Calls Stripe answered 429 that were retried. */
  public int rateLimitedCalls() {
    return rateLimited.get();
  }
}
