package app.billing.provisioning;

import app.billing.core.access.AccessPolicy;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogLoader;
import app.billing.core.checkout.CheckoutToken;
import app.billing.core.config.ConfigReader;
import app.billing.core.config.StripeMode;
import app.billing.core.email.EmailSettings;
import app.billing.dynamodb.BillingTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provisioning function's settings, read once at init.
 *
 * @param stripeApiBase overrides api.stripe.com (the local stack's Stripe stand-in)
 * @param sesConfigurationSet SES configuration set for delivery events, optional
 * @param checkoutToken verifies the {@code checkout_token} that lets a session link its customer
 *     ({@code CHECKOUT_TOKEN_KEY}, a secret: {@code CHECKOUT_TOKEN_KEY_ARN} when deployed)
 * @param stripeMode events of the other mode are skipped ({@code STRIPE_MODE}, else the key's)
 * @param eventBusName the EventBridge bus of outbound events ({@code EVENT_BUS_NAME}); empty
 *     publishes none
 * @param pastDueGrace how long past due keeps access, as outbound access events report it ({@code
 *     PAST_DUE_GRACE_DAYS}, default 7)
 */
public record ProvisioningConfig(
    String tableName,
    String stripeSecretKey,
    Optional<String> stripeApiBase,
    Catalog catalog,
    EmailSettings email,
    Optional<String> sesConfigurationSet,
    Duration auditRetention,
    CheckoutToken checkoutToken,
    StripeMode stripeMode,
    Optional<String> eventBusName,
    Duration pastDueGrace) {
  public static final String CHECKOUT_TOKEN_KEY = "CHECKOUT_TOKEN_KEY";
  public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";

  /**
   * @throws app.billing.core.config.ConfigException naming every missing or malformed variable
   */
  public static ProvisioningConfig fromEnvironment(Map<String, String> env) {
    ConfigReader reader = new ConfigReader(env);
    String table = BillingTable.tableName(reader);
    String stripeKey = reader.required("STRIPE_SECRET_KEY");
    Optional<String> apiBase = reader.optionalUri("STRIPE_API_BASE").map(Object::toString);
    String from = reader.required("EMAIL_FROM");
    List<String> replyTo = reader.optionalList("EMAIL_REPLY_TO");
    String billingUrl = reader.optionalUri("APP_BILLING_URL").map(Object::toString).orElse(null);
    if (billingUrl == null && reader.optional("APP_BILLING_URL").isEmpty()) {
      reader.required("APP_BILLING_URL");
    }
    String productName = reader.optional("PRODUCT_NAME", "your subscription");
    Optional<String> configurationSet = reader.optional("SES_CONFIGURATION_SET");
    Duration audit = reader.days("AUDIT_RETENTION_DAYS", 90);
    Optional<String> bus = reader.optional(EVENT_BUS_NAME);
    Duration grace =
        reader.days("PAST_DUE_GRACE_DAYS", (int) AccessPolicy.DEFAULT_PAST_DUE_GRACE.toDays());
    Catalog catalog = CatalogLoader.load(reader);
    StripeMode mode = StripeMode.read(reader, Optional.ofNullable(stripeKey)).orElse(null);
    String tokenKey = reader.required(CHECKOUT_TOKEN_KEY);
    CheckoutToken token = null;
    if (tokenKey != null) {
      try {
        token = CheckoutToken.fromSecret(tokenKey);
      } catch (IllegalArgumentException e) {
        // The message names the rule, never the value.
        reader.problem(CHECKOUT_TOKEN_KEY + ": " + e.getMessage());
      }
    }
    reader.validate();
    return new ProvisioningConfig(
        table,
        stripeKey,
        apiBase,
        catalog,
        new EmailSettings(from, replyTo, productName, billingUrl),
        configurationSet,
        audit,
        token,
        mode,
        bus,
        grace);
  }
}
