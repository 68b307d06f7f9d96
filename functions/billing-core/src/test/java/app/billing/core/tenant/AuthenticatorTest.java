package app.billing.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.port.TenantStore;
import app.billing.core.tenant.Authenticator.Outcome;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

  private InMemoryTenantStore store;
  private Authenticator authenticator;
  private String key;

  @BeforeEach
  void setUp() {
    store = new InMemoryTenantStore();
    authenticator = new Authenticator(store);
    IssuedKey issued = new ApiKeys().issue("t_acme", NOW);
    store.saveApiKey(issued.record());
    key = issued.apiKey();
  }

  @Test
  void acceptsABearerKeyWithAnyCaseOfTheSchemeAndSurroundingWhitespace() {
    assertThat(authenticator.tenantFor("Bearer " + key)).contains("t_acme");
    assertThat(authenticator.tenantFor("bearer " + key)).contains("t_acme");
    assertThat(authenticator.tenantFor("BEARER " + key)).contains("t_acme");
    assertThat(authenticator.tenantFor("  Bearer   " + key + " \t")).contains("t_acme");
    assertThat(authenticator.authenticate("Bearer " + key))
        .isEqualTo(new Authenticator.Result(Outcome.AUTHORIZED, "t_acme"));
  }

  @Test
  void missingHeaderIsRefusedWithoutALookup() {
    assertThat(authenticator.authenticate(null).outcome()).isEqualTo(Outcome.MISSING);
    assertThat(authenticator.authenticate("   ").outcome()).isEqualTo(Outcome.MISSING);
    assertThat(authenticator.tenantFor(null)).isEmpty();
    assertThat(store.keyLookups).hasValue(0);
  }

  @Test
  void malformedHeadersAreRefusedWithoutALookup() {
    for (String header :
        new String[] {
          key,
          "Basic " + key,
          "Bearer",
          "Bearer ",
          "Bearer" + key,
          "Token " + key,
          "Bearer " + key + " extra",
          "Bearer " + key.substring(0, key.length() - 1),
          "Bearer sk_live_123",
          "Bearer " + key + "," + key
        }) {
      assertThat(authenticator.authenticate(header).outcome())
          .as(header.replace(key, "<key>"))
          .isEqualTo(Outcome.MALFORMED);
    }
    assertThat(store.keyLookups).hasValue(0);
  }

  @Test
  void unknownKeyIsRefused() {
    String other = new ApiKeys().issue("t_other", NOW).apiKey();

    assertThat(authenticator.authenticate("Bearer " + other))
        .isEqualTo(new Authenticator.Result(Outcome.UNKNOWN, null));
    assertThat(authenticator.tenantFor("Bearer " + other)).isEqualTo(Optional.empty());
  }

  @Test
  void revokedKeyIsRefused() {
    String keyId = ApiKeys.keyId(ApiKeys.hash(key));
    assertThat(store.revokeApiKey("t_acme", keyId)).isTrue();

    assertThat(authenticator.authenticate("Bearer " + key).outcome()).isEqualTo(Outcome.UNKNOWN);
  }

  @Test
  void storeFailuresPropagate() {
    TenantStore broken =
        (TenantStore)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {TenantStore.class},
                (proxy, method, args) -> {
                  throw new IllegalStateException("dynamodb down");
                });

    assertThatThrownBy(() -> new Authenticator(broken).tenantFor("Bearer " + key))
        .hasMessage("dynamodb down");
  }
}
