package app.billing.provisioning;

import app.billing.catalog.RemoteCatalog;
import app.billing.core.email.EmailComposer;
import app.billing.core.provisioning.ProvisioningService;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.provisioning.adapter.SesEmailSender;
import app.billing.provisioning.adapter.StripeApiGateway;
import app.billing.secrets.EnvironmentSecrets;
import com.stripe.StripeClient;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Builds the provisioning service and its clients once per container. Region and credentials come
 * from the Lambda environment; {@code AWS_ENDPOINT_URL_DYNAMODB} / {@code AWS_ENDPOINT_URL_SESV2}
 * (read by the SDK itself) point them at the local stack.
 */
public record ProvisioningWiring(ProvisioningService service) {

  public static ProvisioningWiring fromEnvironment() {
    return EnvironmentSecrets.resolveThenRead(System.getenv(), ProvisioningWiring::from);
  }

  public static ProvisioningWiring from(Map<String, String> env) {
    ProvisioningConfig config = RemoteCatalog.resolveThenRead(env, ProvisioningConfig::from);
    DynamoDbClient dynamo =
        DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    SesV2Client ses =
        SesV2Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    return new ProvisioningWiring(build(config, dynamo, ses, stripeClient(config)));
  }

  public static ProvisioningService build(
      ProvisioningConfig config, DynamoDbClient dynamo, SesV2Client ses, StripeClient stripe) {
    return new ProvisioningService(
        new DynamoBillingStore(
            dynamo,
            config.tableName(),
            DynamoBillingStore.DEFAULT_EMAIL_CLAIM_LEASE,
            config.auditRetention()),
        new StripeApiGateway(stripe),
        config.catalog(),
        new EmailComposer(config.email()),
        new SesEmailSender(ses, config.sesConfigurationSet()),
        Clock.systemUTC());
  }

  public static StripeClient stripeClient(ProvisioningConfig config) {
    StripeClient.StripeClientBuilder builder =
        StripeClient.builder()
            .setApiKey(config.stripeSecretKey())
            // Stripe's own retries use idempotency keys; a failed message is retried by SQS on top.
            .setMaxNetworkRetries(2)
            .setConnectTimeout(3_000)
            .setReadTimeout(10_000);
    config.stripeApiBase().ifPresent(builder::setApiBase);
    return builder.build();
  }
}
