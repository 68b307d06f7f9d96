package app.billing.authorizer.handler;

import app.billing.authorizer.ApiKeyAuthorizer;
import app.billing.authorizer.AuthorizerConfig;
import app.billing.core.tenant.Authenticator;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.secrets.EnvironmentSecrets;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the authorizer's handler: {@link #fromEnvironment} for Lambda (and the deploy tests),
 * {@link #build} on given clients (the local stack, priming, tests). Region and credentials come
 * from the Lambda environment, and {@code AWS_ENDPOINT_URL_DYNAMODB} (read by the SDK itself)
 * points it at a local DynamoDB.
 */
public final class AuthorizerWiring {

  /** The AWS clients the function uses. */
  public record Clients(DynamoDbClient dynamo) {
    public static Clients production(AuthorizerConfig config) {
      return new Clients(
          DynamoDbClient.builder()
              .httpClientBuilder(
                  UrlConnectionHttpClient.builder()
                      .connectionTimeout(Duration.ofSeconds(1))
                      .socketTimeout(Duration.ofSeconds(2)))
              // Fail with our own error, within the function's 5 s timeout (template.yaml),
              // retries included.
              .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(4)))
              .build());
    }
  }

  private AuthorizerWiring() {}

  /**
   * What Lambda's init runs: secrets resolved, the configuration validated, production clients.
   *
   * @throws app.billing.core.config.ConfigException naming every problem
   */
  public static AuthorizerHandler fromEnvironment(Map<String, String> env) {
    return EnvironmentSecrets.resolveThenRead(
        env,
        resolved -> {
          AuthorizerConfig config = AuthorizerConfig.fromEnvironment(resolved);
          return build(config, Clients.production(config));
        });
  }

  /** The authorizer reads no clock: API keys do not expire. */
  public static AuthorizerHandler build(AuthorizerConfig config, Clients clients) {
    return new AuthorizerHandler(
        new ApiKeyAuthorizer(
            new Authenticator(new DynamoTenantStore(clients.dynamo(), config.tableName()))));
  }
}
