package app.billing.provisioning;

import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogLoader;
import app.billing.core.config.ConfigReader;
import app.billing.core.email.EmailSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provisioning function's settings, read once at init.
 *
 * @param stripeApiBase overrides api.stripe.com (the local stack's Stripe stand-in)
 * @param sesConfigurationSet SES configuration set for delivery events, optional
 */
public record ProvisioningConfig(
    String tableName,
    String stripeSecretKey,
    Optional<String> stripeApiBase,
    Catalog catalog,
    EmailSettings email,
    Optional<String> sesConfigurationSet,
    Duration auditRetention) {

  public static ProvisioningConfig from(Map<String, String> env) {
    ConfigReader reader = new ConfigReader(env);
    String table = reader.required("BILLING_TABLE");
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
    Catalog catalog = CatalogLoader.load(reader);
    reader.validate();
    return new ProvisioningConfig(
        table,
        stripeKey,
        apiBase,
        catalog,
        new EmailSettings(from, replyTo, productName, billingUrl),
        configurationSet,
        audit);
  }
}
