package app.billing.core.error;

import java.util.Map;

/**
 * 429: too many requests in the window; {@link #retryAfterSeconds()} becomes the Retry-After
 * header.
 */
public final class RateLimitedException extends ApiException {
  private final long retryAfterSeconds;

  public RateLimitedException(String message, long retryAfterSeconds) {
    super("rate_limited", message, Map.of("retry_after_seconds", Long.toString(retryAfterSeconds)));
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  @Override
  public int status() {
    return 429;
  }
}
