package app.billing.core.checkout;

import app.billing.core.error.RateLimitedException;
import app.billing.core.port.TenantStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A fixed-window limit per tenant and route, counted atomically in the {@link TenantStore}: at most
 * {@code maxRequests} in each {@link #WINDOW} (aligned to epoch multiples of its length). Routes
 * that call Stripe count before they do, so a client in a loop cannot spend our Stripe rate limit.
 *
 * <p>Window key: {@code <tenantId>#<bucket>#<epochSecond / 10>}; the counter expires 60 s after its
 * window ends.
 */
public final class RequestRateLimiter {
  public static final Duration WINDOW = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_REQUESTS = 5;
  static final Duration COUNTER_GRACE = Duration.ofSeconds(60);

  private final TenantStore tenants;
  private final int maxRequests;

  public RequestRateLimiter(TenantStore tenants, int maxRequests) {
    if (maxRequests < 1) {
      throw new IllegalArgumentException("maxRequests must be at least 1, got " + maxRequests);
    }
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.maxRequests = maxRequests;
  }

  /** The window {@code now} falls in: {@code epochSecond / 10}. */
  public static long windowIndex(Instant now) {
    return now.getEpochSecond() / WINDOW.toSeconds();
  }

  /**
   * Counts this request.
   *
   * @throws RateLimitedException when it is over the limit; Retry-After is the whole seconds left
   *     in the window (at least 1)
   */
  public void check(String tenantId, String bucket, Instant now) {
    long window = windowIndex(now);
    Instant windowEnd = Instant.ofEpochSecond((window + 1) * WINDOW.toSeconds());
    long count =
        tenants.countRequest(tenantId + "#" + bucket + "#" + window, windowEnd.plus(COUNTER_GRACE));
    if (count > maxRequests) {
      long retryAfter = Math.max(1, windowEnd.getEpochSecond() - now.getEpochSecond());
      throw new RateLimitedException(
          "Too many "
              + bucket
              + " requests: at most "
              + maxRequests
              + " every "
              + WINDOW.toSeconds()
              + " seconds. Try again in "
              + retryAfter
              + " s.",
          retryAfter);
    }
  }

  public int maxRequests() {
    return maxRequests;
  }
}
