package app.billing.usage.handler;

import app.billing.catalog.RemoteCatalog;
import app.billing.core.access.AccessPolicy;
import app.billing.core.usage.UsageService;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.secrets.EnvironmentSecrets;
import app.billing.stripe.StripeMeterAdapter;
import app.billing.usage.UsageConfig;
import com.stripe.StripeClient;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the usage function's handler: {@link #fromEnvironment} for Lambda (and the deploy tests),
 * {@link #build} on given clients (the local stack, tests). Region and credentials come from the
 * Lambda environment; {@code AWS_ENDPOINT_URL_DYNAMODB} (read by the SDK) and {@code
 * STRIPE_API_BASE} point the clients at a local stack.
 */
public final class UsageWiring {

  /** The clients the function uses. */
  public record Clients(DynamoDbClient dynamo, StripeClient stripe) {
    public static Clients production(UsageConfig config) {
      return new Clients(
          DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
          config.stripe().client());
    }
  }

  private UsageWiring() {}

  /**
   * What Lambda's init runs: secrets resolved, the catalog read, the configuration validated,
   * production clients.
   *
   * @throws app.billing.core.config.ConfigException naming every problem
   */
  public static UsageHandler fromEnvironment(Map<String, String> env, Clock clock) {
    return EnvironmentSecrets.resolveThenRead(
        env,
        resolved ->
            RemoteCatalog.resolveThenRead(
                resolved,
                withCatalog -> {
                  UsageConfig config = UsageConfig.fromEnvironment(withCatalog);
                  return build(config, Clients.production(config), clock);
                }));
  }

  public static UsageHandler build(UsageConfig config, Clients clients, Clock clock) {
    return new UsageHandler(service(config, clients, clock));
  }

  public static UsageService service(UsageConfig config, Clients clients, Clock clock) {
    return new UsageService(
        new DynamoTenantStore(clients.dynamo(), config.tableName()),
        new DynamoBillingStore(clients.dynamo(), config.tableName()),
        new StripeMeterAdapter(clients.stripe()),
        config.catalog(),
        new AccessPolicy(config.pastDueGrace()),
        config.settings(),
        clock);
  }
}
