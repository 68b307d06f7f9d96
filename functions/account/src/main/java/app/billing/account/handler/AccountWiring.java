package app.billing.account.handler;

import app.billing.account.AccountConfig;
import app.billing.catalog.RemoteCatalog;
import app.billing.core.access.AccessPolicy;
import app.billing.core.account.AccountService;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoPaymentsPage;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the production {@link AccountService} once per container. Region and credentials come from
 * the Lambda environment; {@code AWS_ENDPOINT_URL_DYNAMODB} (read by the SDK itself) points the
 * client at the local stack.
 */
public final class AccountWiring {

  private AccountWiring() {}

  /**
   * @throws app.billing.core.config.ConfigException when the environment is incomplete
   */
  public static AccountService fromEnvironment(Map<String, String> env, Clock clock) {
    AccountConfig config = RemoteCatalog.resolveThenRead(env, AccountConfig::from);
    DynamoDbClient dynamo =
        DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    return build(config, dynamo, clock);
  }

  public static AccountService build(AccountConfig config, DynamoDbClient dynamo, Clock clock) {
    return new AccountService(
        new DynamoBillingStore(dynamo, config.tableName()),
        new DynamoPaymentsPage(dynamo, config.tableName()),
        config.catalog(),
        new AccessPolicy(config.pastDueGrace()),
        clock);
  }
}
