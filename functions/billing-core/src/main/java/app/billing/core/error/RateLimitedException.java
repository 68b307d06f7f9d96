package app.billing.core.error;

import java.util.Map;

/** Too many requests in the window; {@link #retryAfterSeconds()} says when to try again. */
public final class RateLimitedException extends ApiException {
  private final long retryAfterSeconds;

  public RateLimitedException(String message, long retryAfterSeconds) {
    super("rate_limited", message, Map.of("retry_after_seconds", Long.toString(retryAfterSeconds)));
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
