package app.billing.authorizer.handler;

import static app.billing.authorizer.Events.AUTHORIZED;
import static app.billing.authorizer.Events.MISSING_KEY;
import static app.billing.authorizer.Events.load;
import static app.billing.authorizer.Events.withAuthorization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.authorizer.ApiKeyAuthorizer;
import app.billing.authorizer.FakeTenantStore;
import app.billing.core.config.ConfigException;
import app.billing.core.tenant.ApiKeys;
import app.billing.core.tenant.Authenticator;
import app.billing.core.tenant.IssuedKey;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthorizerHandlerTest {
  private static final Instant NOW = Instant.parse("2026-11-24T20:00:00Z");

  private FakeTenantStore store;
  private AuthorizerHandler handler;
  private IssuedKey acmeKey;

  @BeforeEach
  void setUp() {
    store = new FakeTenantStore();
    handler = new AuthorizerHandler(new ApiKeyAuthorizer(new Authenticator(store)));
    acmeKey = new ApiKeys().issue("t_acme", NOW);
    store.saveApiKey(acmeKey.record());
  }

  private static Map<String, Object> allowed(String tenantId) {
    return Map.of("isAuthorized", true, "context", Map.of("tenantId", tenantId));
  }

  private static final Map<String, Object> DENIED = Map.of("isAuthorized", false);

  @Test
  void fixturesHaveTheShapeApiGatewaySends() {
    APIGatewayV2CustomAuthorizerEvent event = load(AUTHORIZED);

    assertThat(event.getVersion()).isEqualTo("2.0");
    assertThat(event.getType()).isEqualTo("REQUEST");
    assertThat(event.getRouteArn()).startsWith("arn:aws:execute-api:");
    assertThat(event.getIdentitySource()).hasSize(1);
    assertThat(event.getHeaders()).containsKey("authorization");
    assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("GET");
    assertThat(load(MISSING_KEY).getHeaders()).doesNotContainKey("authorization");
  }

  @Test
  void authorizesAKnownKeyAndPassesTheTenantOn() {
    var event = withAuthorization(load(AUTHORIZED), "authorization", "Bearer " + acmeKey.apiKey());

    assertThat(handler.handleRequest(event, null)).isEqualTo(allowed("t_acme"));
  }

  @Test
  void headerNameAndSchemeAreCaseInsensitive() {
    var event =
        withAuthorization(load(AUTHORIZED), "Authorization", "bearer  " + acmeKey.apiKey() + " ");

    assertThat(handler.handleRequest(event, null)).isEqualTo(allowed("t_acme"));
  }

  @Test
  void refusesARequestWithoutKey() {
    assertThat(handler.handleRequest(load(MISSING_KEY), null)).isEqualTo(DENIED);
  }

  @Test
  void refusesTheFixturesPlaceholderKey() {
    assertThat(handler.handleRequest(load(AUTHORIZED), null)).isEqualTo(DENIED);
  }

  @Test
  void refusesAnUnknownKey() {
    String unknown = new ApiKeys().issue("t_acme", NOW).apiKey();
    var event = withAuthorization(load(AUTHORIZED), "authorization", "Bearer " + unknown);

    assertThat(handler.handleRequest(event, null)).isEqualTo(DENIED);
  }

  @Test
  void refusesMalformedHeaders() {
    for (String value :
        new String[] {acmeKey.apiKey(), "Basic " + acmeKey.apiKey(), "Bearer", ""}) {
      var event = withAuthorization(load(AUTHORIZED), "authorization", value);
      assertThat(handler.handleRequest(event, null)).isEqualTo(DENIED);
    }
  }

  @Test
  void refusesAnEventWithoutHeaders() {
    var event = load(MISSING_KEY);
    event.setHeaders(null);

    assertThat(handler.handleRequest(event, null)).isEqualTo(DENIED);
    assertThat(handler.handleRequest(null, null)).isEqualTo(DENIED);
  }

  @Test
  void aFailingStoreFailsTheInvocationInsteadOfDenying() {
    store.failWith(new IllegalStateException("ProvisionedThroughputExceeded"));
    var event = withAuthorization(load(AUTHORIZED), "authorization", "Bearer " + acmeKey.apiKey());

    assertThatThrownBy(() -> handler.handleRequest(event, null))
        .hasMessage("ProvisionedThroughputExceeded");
  }

  @Test
  void wiringNamesTheMissingTable() {
    assertThatThrownBy(() -> AuthorizerWiring.fromEnvironment(Map.of("AWS_REGION", "us-east-1")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.problems()).containsExactly("BILLING_TABLE is missing"));
  }
}
