package app.billing.authorizer.handler;

import static app.billing.authorizer.Events.AUTHORIZED;
import static app.billing.authorizer.Events.MISSING_KEY;
import static app.billing.authorizer.Events.load;
import static app.billing.authorizer.Events.withAuthorization;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.authorizer.AuthorizerConfig;
import app.billing.core.tenant.ApiKeys;
import app.billing.core.tenant.TenantAdmin;
import app.billing.core.tenant.TenantAdmin.CreatedTenant;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.testkit.DynamoOnDynalite;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The handler with the real wiring (Authenticator on DynamoTenantStore) against dynalite. */
class AuthorizerHandlerIT {
  private static final Map<String, Object> DENIED = Map.of("isAuthorized", false);

  @RegisterExtension
  static final DynamoOnDynalite DYNAMO =
      new DynamoOnDynalite("authorizer-", BillingTable::createIfMissing);

  private TenantAdmin admin;
  private AuthorizerHandler handler;

  @BeforeEach
  void freshTable() {
    String table = DYNAMO.freshTable();
    admin =
        new TenantAdmin(
            new DynamoTenantStore(DYNAMO.client(), table), new ApiKeys(), Clock.systemUTC());
    handler =
        AuthorizerWiring.build(
            new AuthorizerConfig(table), new AuthorizerWiring.Clients(DYNAMO.client()));
  }

  private Map<String, Object> authorize(String apiKey) {
    return handler.handleRequest(
        withAuthorization(load(AUTHORIZED), "authorization", "Bearer " + apiKey), null);
  }

  @Test
  void authorizesAnIssuedKeyForItsTenant() {
    CreatedTenant acme = admin.createTenant("t_acme", "Acme", "billing@acme.test");
    CreatedTenant globex = admin.createTenant("t_globex", "Globex", "ap@globex.test");

    assertThat(authorize(acme.key().apiKey()))
        .isEqualTo(Map.of("isAuthorized", true, "context", Map.of("tenantId", "t_acme")));
    assertThat(authorize(globex.key().apiKey()))
        .isEqualTo(Map.of("isAuthorized", true, "context", Map.of("tenantId", "t_globex")));
  }

  @Test
  void refusesARequestWithoutKey() {
    admin.createTenant("t_acme", "Acme", "billing@acme.test");

    assertThat(handler.handleRequest(load(MISSING_KEY), null)).isEqualTo(DENIED);
  }

  @Test
  void refusesAnUnknownKey() {
    admin.createTenant("t_acme", "Acme", "billing@acme.test");

    assertThat(authorize(new ApiKeys().issue("t_acme", java.time.Instant.now()).apiKey()))
        .isEqualTo(DENIED);
  }

  @Test
  void refusesARevokedKeyAndKeepsTheRotatedOne() {
    CreatedTenant acme = admin.createTenant("t_acme", "Acme", "billing@acme.test");
    var rotated = admin.issueKey("t_acme");

    admin.revokeKey("t_acme", acme.key().keyId());

    assertThat(authorize(acme.key().apiKey())).isEqualTo(DENIED);
    assertThat(authorize(rotated.apiKey()))
        .isEqualTo(Map.of("isAuthorized", true, "context", Map.of("tenantId", "t_acme")));
  }
}
