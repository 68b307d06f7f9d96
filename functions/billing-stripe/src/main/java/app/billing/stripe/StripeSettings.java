package app.billing.stripe;

import app.billing.core.config.ConfigReader;
import com.stripe.StripeClient;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach Stripe.
 *
 * @param apiBase overrides {@code https://api.stripe.com} (a local stand-in); empty in production
 * @param maxNetworkRetries stripe-java's own retries of connection failures, timeouts, 409 and 5xx;
 *     they reuse the request's idempotency key, so a retried write is never applied twice
 */
public record StripeSettings(
    String secretKey,
    Optional<String> apiBase,
    int connectTimeoutMillis,
    int readTimeoutMillis,
    int maxNetworkRetries) {

  public static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 2_000;

  /**
   * Stripe answers these writes in well under a second; three attempts of 5 s (plus back-off) stay
   * inside API Gateway's 30 s integration timeout.
   */
  public static final int DEFAULT_READ_TIMEOUT_MILLIS = 5_000;

  public static final int DEFAULT_MAX_NETWORK_RETRIES = 2;

  public StripeSettings {
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(apiBase, "apiBase");
  }

  public static final String STRIPE_SECRET_KEY = "STRIPE_SECRET_KEY";
  public static final String STRIPE_API_BASE = "STRIPE_API_BASE";
  public static final String STRIPE_READ_TIMEOUT_MS = "STRIPE_READ_TIMEOUT_MS";

  /**
   * Reads {@value #STRIPE_SECRET_KEY} (required, {@code sk_...} or restricted {@code rk_...}),
   * {@value #STRIPE_API_BASE} (optional URL) and {@value #STRIPE_READ_TIMEOUT_MS} (optional, 100 to
   * 30000); problems go to the reader, which the caller validates once.
   */
  public static StripeSettings fromEnvironment(ConfigReader env) {
    String key = env.required(STRIPE_SECRET_KEY);
    if (key != null && !key.startsWith("sk_") && !key.startsWith("rk_")) {
      // Never echo the value: it may be a secret pasted into the wrong variable.
      env.problem(STRIPE_SECRET_KEY + " is not a Stripe secret key (expected sk_... or rk_...)");
    }
    Optional<String> apiBase = env.optionalUri(STRIPE_API_BASE).map(Object::toString);
    int readTimeout = env.integer(STRIPE_READ_TIMEOUT_MS, DEFAULT_READ_TIMEOUT_MILLIS, 100, 30_000);
    return new StripeSettings(
        key == null ? "" : key,
        apiBase,
        DEFAULT_CONNECT_TIMEOUT_MILLIS,
        readTimeout,
        DEFAULT_MAX_NETWORK_RETRIES);
  }

  public static StripeSettings of(String secretKey, Optional<String> apiBase) {
    return new StripeSettings(
        secretKey,
        apiBase,
        DEFAULT_CONNECT_TIMEOUT_MILLIS,
        DEFAULT_READ_TIMEOUT_MILLIS,
        DEFAULT_MAX_NETWORK_RETRIES);
  }

  /** The one client of a container; thread-safe, built once at init. */
  public StripeClient client() {
    StripeClient.StripeClientBuilder builder =
        StripeClient.builder()
            .setApiKey(secretKey)
            .setMaxNetworkRetries(maxNetworkRetries)
            .setConnectTimeout(connectTimeoutMillis)
            .setReadTimeout(readTimeoutMillis);
    apiBase.ifPresent(builder::setApiBase);
    return builder.build();
  }

  /** The key stays out of logs and exception messages. */
  @Override
  public String toString() {
    return "StripeSettings[secretKey=<redacted>, apiBase="
        + apiBase
        + ", connectTimeoutMillis="
        + connectTimeoutMillis
        + ", readTimeoutMillis="
        + readTimeoutMillis
        + ", maxNetworkRetries="
        + maxNetworkRetries
        + "]";
  }
}
