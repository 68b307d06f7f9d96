package app.billing.authorizer.handler;

import app.billing.authorizer.ApiKeyAuthorizer;
import app.billing.core.config.ConfigReader;
import app.billing.core.tenant.Authenticator;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoTenantStore;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the production authorizer once per container. {@code BILLING_TABLE} is required; region
 * and credentials come from the Lambda environment, and {@code AWS_ENDPOINT_URL_DYNAMODB} (read by
 * the SDK itself) points it at a local DynamoDB.
 */
public final class AuthorizerWiring {
  private AuthorizerWiring() {}

  /**
   * @throws app.billing.core.config.ConfigException naming every missing variable
   */
  public static ApiKeyAuthorizer fromEnvironment(Map<String, String> env) {
    ConfigReader reader = new ConfigReader(env);
    String table = BillingTable.tableName(reader);
    reader.validate();
    DynamoDbClient dynamo =
        DynamoDbClient.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(1))
                    .socketTimeout(Duration.ofSeconds(2)))
            // Fail with our own error, within the function's 5 s timeout (template.yaml), retries
            // included.
            .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(4)))
            .build();
    return build(dynamo, table);
  }

  public static ApiKeyAuthorizer build(DynamoDbClient dynamo, String table) {
    return new ApiKeyAuthorizer(new Authenticator(new DynamoTenantStore(dynamo, table)));
  }
}
