package app.billing.checkout.handler;

import app.billing.checkout.CheckoutConfig;
import app.billing.core.checkout.CheckoutService;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.stripe.StripeBillingAdapter;
import com.stripe.StripeClient;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the production {@link CheckoutService} once per container. Region and credentials come from
 * the Lambda environment; {@code AWS_ENDPOINT_URL_DYNAMODB} (read by the SDK) and
 * {@code STRIPE_API_BASE} point the clients at a local stack.
 */
public final class CheckoutWiring {
  private CheckoutWiring() {}

  /** @throws app.billing.core.config.ConfigException when the environment is incomplete */
  public static CheckoutService fromEnvironment(Map<String, String> env, Clock clock) {
    CheckoutConfig config = CheckoutConfig.fromEnvironment(env);
    DynamoDbClient dynamo = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    return build(config, dynamo, config.stripe().client(), clock);
  }

  public static CheckoutService build(CheckoutConfig config, DynamoDbClient dynamo, StripeClient stripe,
      Clock clock) {
    return new CheckoutService(
        config.catalog(),
        new DynamoTenantStore(dynamo, config.tableName()),
        new DynamoBillingStore(dynamo, config.tableName()),
        new StripeBillingAdapter(stripe),
        config.settings(),
        clock);
  }
}
