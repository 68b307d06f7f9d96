package app.billing.reconciler;

import app.billing.core.config.ConfigReader;
import app.billing.core.event.HandledEventTypes;
import app.billing.core.reconcile.ReconcilerSettings;
import app.billing.dynamodb.BillingTable;
import app.billing.stripe.StripeSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The reconciler's settings, read from the environment and validated once at init; the one
 * exception names every missing or malformed variable.
 *
 * <ul>
 *   <li>{@code BILLING_TABLE} (required): where the checkpoint (watermark) is kept
 *   <li>{@code EVENT_QUEUE_URL} (required): the FIFO queue the webhook enqueues to
 *   <li>{@code STRIPE_SECRET_KEY} (required), {@code STRIPE_API_BASE}, {@code
 *       STRIPE_READ_TIMEOUT_MS}
 *   <li>{@code RECONCILER_OVERLAP_SECONDS}: each walk starts this long before the watermark
 *       (default 600)
 *   <li>{@code RECONCILER_INITIAL_LOOKBACK_HOURS}: where the first walk starts (default 72: as long
 *       as Stripe retries a delivery; at most 720, the 30 days Stripe keeps events)
 *   <li>{@code RECONCILER_ONLY_UNDELIVERED}: list only events Stripe could not deliver (default
 *       true); false replays every handled event of the window
 *   <li>{@code STRIPE_MAX_REQUESTS_PER_SECOND}: the reconciler's own pace (default 25, Stripe's
 *       test-mode limit)
 *   <li>{@code STRIPE_RATE_LIMIT_RETRIES}: retries of a page Stripe answered 429, with backoff
 *       (default 5)
 * </ul>
 */
public record ReconcilerConfig(
    String tableName,
    String eventQueueUrl,
    StripeSettings stripe,
    ReconcilerSettings settings,
    int maxRequestsPerSecond,
    int rateLimitRetries,
    Optional<String> region,
    Optional<URI> sqsEndpoint) {

  public static final String EVENT_QUEUE_URL = "EVENT_QUEUE_URL";
  public static final String RECONCILER_OVERLAP_SECONDS = "RECONCILER_OVERLAP_SECONDS";
  public static final String RECONCILER_INITIAL_LOOKBACK_HOURS =
      "RECONCILER_INITIAL_LOOKBACK_HOURS";
  public static final String RECONCILER_ONLY_UNDELIVERED = "RECONCILER_ONLY_UNDELIVERED";
  public static final String STRIPE_MAX_REQUESTS_PER_SECOND = "STRIPE_MAX_REQUESTS_PER_SECOND";
  public static final String STRIPE_RATE_LIMIT_RETRIES = "STRIPE_RATE_LIMIT_RETRIES";
  public static final String AWS_REGION = "AWS_REGION";
  public static final String AWS_ENDPOINT_URL_SQS = "AWS_ENDPOINT_URL_SQS";

  public static final int DEFAULT_OVERLAP_SECONDS = 600;
  public static final int DEFAULT_INITIAL_LOOKBACK_HOURS = 72;

  /** Stripe's maximum page size: the fewest calls per event. */
  public static final int PAGE_SIZE = 100;

  /**
   * @throws app.billing.core.config.ConfigException naming every problem
   */
  public static ReconcilerConfig fromEnvironment(Map<String, String> environment) {
    ConfigReader env = new ConfigReader(environment);
    String table = BillingTable.tableName(env);
    String queueUrl = env.required(EVENT_QUEUE_URL);
    if (queueUrl != null && !queueUrl.endsWith(".fifo")) {
      env.problem(
          EVENT_QUEUE_URL
              + " must be the URL of a FIFO queue (ending in .fifo), got '"
              + queueUrl
              + "'");
    }
    StripeSettings stripe = StripeSettings.fromEnvironment(env);
    int overlap = env.integer(RECONCILER_OVERLAP_SECONDS, DEFAULT_OVERLAP_SECONDS, 0, 86_400);
    int lookback =
        env.integer(RECONCILER_INITIAL_LOOKBACK_HOURS, DEFAULT_INITIAL_LOOKBACK_HOURS, 0, 720);
    boolean onlyUndelivered = env.flag(RECONCILER_ONLY_UNDELIVERED, true);
    int rate = env.integer(STRIPE_MAX_REQUESTS_PER_SECOND, 25, 1, 100);
    int retries = env.integer(STRIPE_RATE_LIMIT_RETRIES, 5, 0, 10);
    Optional<String> region = env.optional(AWS_REGION);
    Optional<URI> sqsEndpoint = env.optionalUri(AWS_ENDPOINT_URL_SQS);
    env.validate();
    return new ReconcilerConfig(
        table,
        queueUrl,
        stripe,
        new ReconcilerSettings(
            HandledEventTypes.ALL,
            Duration.ofSeconds(overlap),
            Duration.ofHours(lookback),
            PAGE_SIZE,
            onlyUndelivered),
        rate,
        retries,
        region,
        sqsEndpoint);
  }
}
