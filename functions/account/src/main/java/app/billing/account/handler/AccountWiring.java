package app.billing.account.handler;

import app.billing.account.AccountConfig;
import app.billing.catalog.RemoteCatalog;
import app.billing.core.access.AccessPolicy;
import app.billing.core.account.AccountService;
import app.billing.dynamodb.DynamoCredits;
import app.billing.dynamodb.DynamoPaymentsPage;
import app.billing.dynamodb.DynamoVersionedRecords;
import app.billing.secrets.EnvironmentSecrets;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the account function's handler: {@link #fromEnvironment} for Lambda (and the deploy
 * tests), {@link #build} on given clients (the local stack, priming, tests). Region and credentials
 * come from the Lambda environment; {@code AWS_ENDPOINT_URL_DYNAMODB} (read by the SDK itself)
 * points the client at the local stack.
 */
public final class AccountWiring {

  /** The AWS clients the function uses. */
  public record Clients(DynamoDbClient dynamo) {
    public static Clients production(AccountConfig config) {
      return new Clients(
          DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build());
    }
  }

  private AccountWiring() {}

  /**
   * What Lambda's init runs: secrets resolved, the catalog read, the configuration validated,
   * production clients.
   *
   * @throws app.billing.core.config.ConfigException naming every problem
   */
  public static AccountHandler fromEnvironment(Map<String, String> env, Clock clock) {
    return EnvironmentSecrets.resolveThenRead(
        env,
        resolved ->
            RemoteCatalog.resolveThenRead(
                resolved,
                withCatalog -> {
                  AccountConfig config = AccountConfig.fromEnvironment(withCatalog);
                  return build(config, Clients.production(config), clock);
                }));
  }

  public static AccountHandler build(AccountConfig config, Clients clients, Clock clock) {
    return new AccountHandler(service(config, clients, clock));
  }

  public static AccountService service(AccountConfig config, Clients clients, Clock clock) {
    return new AccountService(
        new DynamoVersionedRecords(clients.dynamo(), config.tableName()),
        new DynamoCredits(clients.dynamo(), config.tableName()),
        new DynamoPaymentsPage(clients.dynamo(), config.tableName()),
        config.catalog(),
        new AccessPolicy(config.pastDueGrace()),
        clock);
  }
}
