package app.billing.usage.handler;

import app.billing.core.access.AccessPolicy;
import app.billing.core.usage.UsageService;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.stripe.StripeMeterAdapter;
import app.billing.usage.UsageConfig;
import com.stripe.StripeClient;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the production {@link UsageService} once per container. Region and credentials come from
 * the Lambda environment; {@code AWS_ENDPOINT_URL_DYNAMODB} (read by the SDK) and {@code
 * STRIPE_API_BASE} point the clients at a local stack.
 */
public final class UsageWiring {
  private UsageWiring() {}

  /**
   * @throws app.billing.core.config.ConfigException when the environment is incomplete
   */
  public static UsageService fromEnvironment(Map<String, String> env, Clock clock) {
    UsageConfig config = UsageConfig.fromEnvironment(env);
    DynamoDbClient dynamo =
        DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    return build(config, dynamo, config.stripe().client(), clock);
  }

  public static UsageService build(
      UsageConfig config, DynamoDbClient dynamo, StripeClient stripe, Clock clock) {
    return new UsageService(
        new DynamoTenantStore(dynamo, config.tableName()),
        new DynamoBillingStore(dynamo, config.tableName()),
        new StripeMeterAdapter(stripe),
        config.catalog(),
        new AccessPolicy(config.pastDueGrace()),
        config.settings(),
        clock);
  }
}
