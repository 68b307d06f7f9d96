package app.billing.authorizer.handler;

import app.billing.authorizer.ApiKeyAuthorizer;
import app.billing.authorizer.AuthorizerConfig;
import app.billing.core.priming.Priming;
import app.billing.core.tenant.ApiKeys;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.dynamodb.OfflineDynamoDb;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming of the authorizer: the handler refuses a canned request whose key is malformed
 * (no lookup), and the API-key GetItem is marshalled and signed on an offline client, never sent.
 */
final class AuthorizerPriming implements Priming.Primer {
  private final Optional<String> region;

  AuthorizerPriming(Optional<String> region) {
    this.region = region;
  }

  @Override
  public void prime() {
    try (DynamoDbClient offline = OfflineDynamoDb.client(region)) {
      AuthorizerHandler handler =
          AuthorizerWiring.build(
              new AuthorizerConfig("priming"), new AuthorizerWiring.Clients(offline));
      APIGatewayV2CustomAuthorizerEvent event =
          APIGatewayV2CustomAuthorizerEvent.builder()
              .withVersion("2.0")
              .withType("REQUEST")
              .withRouteKey("GET /billing/subscription")
              .withRawPath("/billing/subscription")
              .withHeaders(Map.of(ApiKeyAuthorizer.AUTHORIZATION_HEADER, "Bearer not-a-key"))
              .build();
      Map<String, Object> answer = handler.handleRequest(event, null);
      if (!Boolean.FALSE.equals(answer.get("isAuthorized"))) {
        throw new IllegalStateException("priming request was not refused: " + answer);
      }
      String wellFormed = ApiKeys.PREFIX + "A".repeat(43);
      OfflineDynamoDb.stopped(
          () -> new DynamoTenantStore(offline, "priming").apiKeyByHash(ApiKeys.hash(wellFormed)));
    }
  }
}
