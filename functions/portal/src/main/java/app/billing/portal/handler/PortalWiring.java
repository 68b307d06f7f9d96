package app.billing.portal.handler;

import app.billing.core.portal.PortalService;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.portal.PortalConfig;
import app.billing.stripe.StripeBillingAdapter;
import com.stripe.StripeClient;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the production {@link PortalService} once per container. Region and credentials come from
 * the Lambda environment; {@code AWS_ENDPOINT_URL_DYNAMODB} (read by the SDK) and {@code
 * STRIPE_API_BASE} point the clients at a local stack.
 */
public final class PortalWiring {
  private PortalWiring() {}

  /**
   * @throws app.billing.core.config.ConfigException when the environment is incomplete
   */
  public static PortalService fromEnvironment(Map<String, String> env, Clock clock) {
    PortalConfig config = PortalConfig.fromEnvironment(env);
    DynamoDbClient dynamo =
        DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    return build(config, dynamo, config.stripe().client(), clock);
  }

  public static PortalService build(
      PortalConfig config, DynamoDbClient dynamo, StripeClient stripe, Clock clock) {
    return new PortalService(
        new DynamoTenantStore(dynamo, config.tableName()),
        new DynamoBillingStore(dynamo, config.tableName()),
        new StripeBillingAdapter(stripe),
        config.settings(),
        clock);
  }
}
