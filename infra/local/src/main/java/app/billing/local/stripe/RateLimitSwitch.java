package app.billing.local.stripe;

/**
 * Makes the stand-in answer Stripe's 429 ({@code rate_limit}) to the next {@code n} API requests
 * whose path starts with a prefix, as Stripe does past 25 requests per second in test mode; set
 * through {@code POST /_local/stripe/rate-limit} ({@link StandInControls}).
 */
final class RateLimitSwitch {
  private int remaining;
  private String pathPrefix = "/v1/";
  private long answered;

  synchronized void limitNext(int requests, String pathPrefix) {
    if (requests < 0) {
      throw new IllegalArgumentException("requests must not be negative");
    }
    this.remaining = requests;
    this.pathPrefix = pathPrefix == null || pathPrefix.isBlank() ? "/v1/" : pathPrefix;
  }

  /** True (and counted) when this request is to be answered 429. */
  synchronized boolean limits(String path) {
    if (remaining > 0 && path.startsWith(pathPrefix)) {
      remaining--;
      answered++;
      return true;
    }
    return false;
  }

  synchronized int remaining() {
    return remaining;
  }

  /** 429s answered since the stand-in started. */
  synchronized long answered() {
    return answered;
  }
}
