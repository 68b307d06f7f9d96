package app.billing.portal.handler;

import app.billing.core.portal.PortalService;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.portal.PortalConfig;
import app.billing.secrets.EnvironmentSecrets;
import app.billing.stripe.StripeBillingAdapter;
import com.stripe.StripeClient;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the portal function's handler: {@link #fromEnvironment} for Lambda (and the deploy tests),
 * {@link #build} on given clients (the local stack, priming, tests). Region and credentials come
 * from the Lambda environment; {@code AWS_ENDPOINT_URL_DYNAMODB} (read by the SDK) and {@code
 * STRIPE_API_BASE} point the clients at a local stack.
 */
public final class PortalWiring {

  /** The clients the function uses. */
  public record Clients(DynamoDbClient dynamo, StripeClient stripe) {
    public static Clients production(PortalConfig config) {
      return new Clients(
          DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
          config.stripe().client());
    }
  }

  private PortalWiring() {}

  /**
   * What Lambda's init runs: secrets resolved, the configuration validated, production clients.
   *
   * @throws app.billing.core.config.ConfigException naming every problem
   */
  public static PortalHandler fromEnvironment(Map<String, String> env, Clock clock) {
    return EnvironmentSecrets.resolveThenRead(
        env,
        resolved -> {
          PortalConfig config = PortalConfig.fromEnvironment(resolved);
          return build(config, Clients.production(config), clock);
        });
  }

  public static PortalHandler build(PortalConfig config, Clients clients, Clock clock) {
    return new PortalHandler(
        new PortalService(
            new DynamoTenantStore(clients.dynamo(), config.tableName()),
            new DynamoBillingStore(clients.dynamo(), config.tableName()),
            new StripeBillingAdapter(clients.stripe()),
            config.settings(),
            clock));
  }
}
