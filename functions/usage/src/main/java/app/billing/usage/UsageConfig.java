package app.billing.usage;

import app.billing.core.access.AccessPolicy;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogLoader;
import app.billing.core.config.ConfigReader;
import app.billing.core.usage.UsageSettings;
import app.billing.dynamodb.BillingTable;
import app.billing.stripe.StripeSettings;
import java.time.Duration;
import java.util.Map;

/**
 * The usage function's settings, read from the environment and validated once at init; the one
 * exception names every missing or malformed variable.
 *
 * <ul>
 *   <li>{@code BILLING_TABLE} (required)
 *   <li>{@code STRIPE_SECRET_KEY} (required), {@code STRIPE_API_BASE}, {@code
 *       STRIPE_READ_TIMEOUT_MS}
 *   <li>{@code PLAN_CATALOG_SOURCE} (optional): bundled (default), ssm:/name or s3://bucket/key; or
 *       {@code PLAN_CATALOG}: catalog JSON (see {@link CatalogLoader}); its plans' {@code meters}
 *       say which meters a tenant may report
 *   <li>{@code PAST_DUE_GRACE_DAYS} (optional, 0–365, default 7): a past-due subscription keeps its
 *       metered plan this long, as it keeps access
 *   <li>{@code USAGE_RATE_LIMIT}: usage reports per tenant per 10 s, and as many reads (default 20)
 * </ul>
 */
public record UsageConfig(
    String tableName,
    StripeSettings stripe,
    Catalog catalog,
    Duration pastDueGrace,
    UsageSettings settings) {
  public static final String PLAN_CATALOG = "PLAN_CATALOG";
  public static final String PAST_DUE_GRACE_DAYS = "PAST_DUE_GRACE_DAYS";
  public static final String USAGE_RATE_LIMIT = "USAGE_RATE_LIMIT";

  /**
   * @throws app.billing.core.config.ConfigException naming every problem
   */
  public static UsageConfig fromEnvironment(Map<String, String> environment) {
    ConfigReader env = new ConfigReader(environment);
    String table = BillingTable.tableName(env);
    StripeSettings stripe = StripeSettings.fromEnvironment(env);
    Duration grace =
        env.days(PAST_DUE_GRACE_DAYS, (int) AccessPolicy.DEFAULT_PAST_DUE_GRACE.toDays());
    Catalog catalog = CatalogLoader.load(env);
    int rateLimit = env.integer(USAGE_RATE_LIMIT, UsageSettings.DEFAULT_MAX_REQUESTS, 1, 1000);
    env.validate();
    return new UsageConfig(table, stripe, catalog, grace, new UsageSettings(rateLimit));
  }
}
