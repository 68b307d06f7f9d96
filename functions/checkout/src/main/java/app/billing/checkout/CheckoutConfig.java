package app.billing.checkout;

import app.billing.core.access.AccessPolicy;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogLoader;
import app.billing.core.checkout.CheckoutSettings;
import app.billing.core.checkout.CheckoutToken;
import app.billing.core.checkout.RedirectPolicy;
import app.billing.core.checkout.RequestRateLimiter;
import app.billing.core.config.ConfigReader;
import app.billing.dynamodb.BillingTable;
import app.billing.stripe.StripeSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The checkout function's settings, read from the environment and validated once at init; the one
 * exception names every missing or malformed variable.
 *
 * <ul>
 *   <li>{@code BILLING_TABLE} (required)
 *   <li>{@code STRIPE_SECRET_KEY} (required), {@code STRIPE_API_BASE}, {@code
 *       STRIPE_READ_TIMEOUT_MS}
 *   <li>{@code CHECKOUT_TOKEN_KEY} (required; a secret, {@code CHECKOUT_TOKEN_KEY_ARN} when
 *       deployed): signs the {@code checkout_token} session metadata; comma-separated keys of at
 *       least 32 characters while one is rolled, the first signs
 *   <li>{@code CHECKOUT_SUCCESS_URL}, {@code CHECKOUT_CANCEL_URL} (required; https, or http on
 *       localhost)
 *   <li>{@code ALLOWED_REDIRECT_ORIGINS}: comma list of origins clients may redirect to (optional;
 *       the default URLs' origins are always allowed)
 *   <li>{@code CHECKOUT_AUTOMATIC_TAX}: Stripe Tax on sessions (default false)
 *   <li>{@code CHECKOUT_TAX_ID_COLLECTION}: customers may enter a tax id (default false)
 *   <li>{@code CHECKOUT_PROMOTION_CODES}: customers may enter a promotion code (default true)
 *   <li>{@code CHECKOUT_RATE_LIMIT}: requests per tenant per 10 s (default 5)
 *   <li>{@code PLAN_CATALOG_SOURCE}: bundled (default), ssm:/name or s3://bucket/key; or {@code
 *       PLAN_CATALOG}: catalog JSON (see {@link CatalogLoader})
 *   <li>{@code PAST_DUE_GRACE_DAYS}: as for the account function, for the view {@code POST
 *       /billing/sync} answers with (default 7)
 * </ul>
 *
 * <p>{@code POST /billing/sync} is limited per tenant like checkout ({@code CHECKOUT_RATE_LIMIT}),
 * in a bucket of its own.
 */
public record CheckoutConfig(
    String tableName,
    StripeSettings stripe,
    Catalog catalog,
    CheckoutSettings settings,
    Duration pastDueGrace) {
  public static final String CHECKOUT_SUCCESS_URL = "CHECKOUT_SUCCESS_URL";
  public static final String CHECKOUT_CANCEL_URL = "CHECKOUT_CANCEL_URL";
  public static final String CHECKOUT_AUTOMATIC_TAX = "CHECKOUT_AUTOMATIC_TAX";
  public static final String CHECKOUT_TAX_ID_COLLECTION = "CHECKOUT_TAX_ID_COLLECTION";
  public static final String CHECKOUT_PROMOTION_CODES = "CHECKOUT_PROMOTION_CODES";
  public static final String CHECKOUT_RATE_LIMIT = "CHECKOUT_RATE_LIMIT";
  public static final String PLAN_CATALOG = "PLAN_CATALOG";
  public static final String PAST_DUE_GRACE_DAYS = "PAST_DUE_GRACE_DAYS";
  public static final String CHECKOUT_TOKEN_KEY = "CHECKOUT_TOKEN_KEY";

  /**
   * @throws app.billing.core.config.ConfigException naming every problem
   */
  public static CheckoutConfig fromEnvironment(Map<String, String> environment) {
    ConfigReader env = new ConfigReader(environment);
    String table = BillingTable.tableName(env);
    StripeSettings stripe = StripeSettings.fromEnvironment(env);
    String successUrl = RedirectPolicy.requiredUrl(env, CHECKOUT_SUCCESS_URL);
    String cancelUrl = RedirectPolicy.requiredUrl(env, CHECKOUT_CANCEL_URL);
    List<String> origins = RedirectPolicy.configuredOrigins(env);
    String tokenKey = env.required(CHECKOUT_TOKEN_KEY);
    CheckoutToken token = null;
    if (tokenKey != null) {
      try {
        token = CheckoutToken.fromSecret(tokenKey);
      } catch (IllegalArgumentException e) {
        // The message names the rule, never the value.
        env.problem(CHECKOUT_TOKEN_KEY + ": " + e.getMessage());
      }
    }
    boolean automaticTax = env.flag(CHECKOUT_AUTOMATIC_TAX, false);
    boolean taxIdCollection = env.flag(CHECKOUT_TAX_ID_COLLECTION, false);
    boolean promotionCodes = env.flag(CHECKOUT_PROMOTION_CODES, true);
    int rateLimit =
        env.integer(CHECKOUT_RATE_LIMIT, RequestRateLimiter.DEFAULT_MAX_REQUESTS, 1, 1000);
    Duration grace =
        env.days(PAST_DUE_GRACE_DAYS, (int) AccessPolicy.DEFAULT_PAST_DUE_GRACE.toDays());
    Catalog catalog = CatalogLoader.load(env);
    env.validate();
    RedirectPolicy redirects = new RedirectPolicy(origins, List.of(successUrl, cancelUrl));
    return new CheckoutConfig(
        table,
        stripe,
        catalog,
        new CheckoutSettings(
            successUrl,
            cancelUrl,
            redirects,
            automaticTax,
            rateLimit,
            token,
            taxIdCollection,
            promotionCodes),
        grace);
  }
}
