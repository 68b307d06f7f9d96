package app.billing.portal;

import app.billing.core.checkout.RedirectPolicy;
import app.billing.core.checkout.RequestRateLimiter;
import app.billing.core.config.ConfigReader;
import app.billing.core.portal.PortalSettings;
import app.billing.dynamodb.BillingTable;
import app.billing.stripe.StripeSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The portal function's settings, read from the environment and validated once at init; the one
 * exception names every missing or malformed variable.
 *
 * <ul>
 *   <li>{@code BILLING_TABLE} (required)
 *   <li>{@code STRIPE_SECRET_KEY} (required), {@code STRIPE_API_BASE}, {@code
 *       STRIPE_READ_TIMEOUT_MS}
 *   <li>{@code PORTAL_RETURN_URL} (required; https, or http on localhost)
 *   <li>{@code ALLOWED_REDIRECT_ORIGINS}: comma list of origins a client's {@code return_url} may
 *       use (optional; the default URL's origin is always allowed)
 *   <li>{@code PORTAL_CONFIGURATION_ID}: a portal configuration {@code bpc_...} (optional)
 *   <li>{@code PORTAL_RATE_LIMIT}: requests per tenant per 10 s (default 5)
 * </ul>
 */
public record PortalConfig(String tableName, StripeSettings stripe, PortalSettings settings) {
  public static final String PORTAL_RETURN_URL = "PORTAL_RETURN_URL";
  public static final String PORTAL_CONFIGURATION_ID = "PORTAL_CONFIGURATION_ID";
  public static final String PORTAL_RATE_LIMIT = "PORTAL_RATE_LIMIT";

  /**
   * @throws app.billing.core.config.ConfigException naming every problem
   */
  public static PortalConfig fromEnvironment(Map<String, String> environment) {
    ConfigReader env = new ConfigReader(environment);
    String table = BillingTable.tableName(env);
    StripeSettings stripe = StripeSettings.fromEnvironment(env);
    String returnUrl = RedirectPolicy.requiredUrl(env, PORTAL_RETURN_URL);
    List<String> origins = RedirectPolicy.configuredOrigins(env);
    Optional<String> configuration = env.optional(PORTAL_CONFIGURATION_ID);
    configuration
        .filter(id -> !id.startsWith("bpc_"))
        .ifPresent(
            id ->
                env.problem(
                    PORTAL_CONFIGURATION_ID
                        + " must be a portal configuration id (bpc_...), got '"
                        + id
                        + "'"));
    int rateLimit =
        env.integer(PORTAL_RATE_LIMIT, RequestRateLimiter.DEFAULT_MAX_REQUESTS, 1, 1000);
    env.validate();
    return new PortalConfig(
        table,
        stripe,
        new PortalSettings(
            returnUrl, new RedirectPolicy(origins, List.of(returnUrl)), configuration, rateLimit));
  }
}
