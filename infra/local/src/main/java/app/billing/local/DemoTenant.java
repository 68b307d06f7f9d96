package app.billing.local;

import app.billing.core.port.TenantStore;
import app.billing.core.tenant.ApiKeyRecord;
import app.billing.core.tenant.ApiKeys;
import app.billing.core.tenant.IssuedKey;
import app.billing.core.tenant.TenantAdmin;
import app.billing.core.tenant.TenantProfile;
import java.time.Clock;
import java.util.Optional;

/**
 * The demo tenant of the local stack: created once (through {@link TenantAdmin}, as the admin
 * command would) and reused across restarts. Its API key is {@code BILLING_LOCAL_API_KEY} when
 * given (only its hash is stored in the table, like any key), else a key issued once and remembered
 * in the local state file so it stays the same after a restart.
 */
final class DemoTenant {
  static final String TENANT_ID = "tnt_demo";
  static final String NAME = "Demo Company";
  static final String BILLING_EMAIL = "owner@demo-company.example";

  /**
   * @param keyFromEnvironment true when the key is {@code BILLING_LOCAL_API_KEY}
   */
  record Credentials(TenantProfile tenant, String apiKey, boolean keyFromEnvironment) {}

  private DemoTenant() {}

  /**
   * @param configuredKey {@code BILLING_LOCAL_API_KEY}, if set (must be shaped like our keys)
   * @param rememberedKey the key remembered from an earlier run, if any
   */
  static Credentials ensure(
      TenantStore store,
      Clock clock,
      Optional<String> configuredKey,
      Optional<String> rememberedKey) {
    configuredKey
        .filter(key -> !ApiKeys.isWellFormed(key))
        .ifPresent(
            key -> {
              throw new IllegalArgumentException(
                  "BILLING_LOCAL_API_KEY is not shaped like an API key of this project ("
                      + ApiKeys.PREFIX
                      + " followed by 43 base64url characters); the authorizer would refuse it. "
                      + "Leave it unset to get a generated key.");
            });
    TenantAdmin admin = new TenantAdmin(store, new ApiKeys(), clock);
    Optional<IssuedKey> firstKey = Optional.empty();
    if (store.tenant(TENANT_ID).isEmpty()) {
      firstKey = Optional.of(admin.createTenant(TENANT_ID, NAME, BILLING_EMAIL).key());
    }
    TenantProfile tenant = store.tenant(TENANT_ID).orElseThrow();

    if (configuredKey.isPresent()) {
      String key = configuredKey.get();
      String hash = ApiKeys.hash(key);
      Optional<ApiKeyRecord> existing = store.apiKeyByHash(hash);
      if (existing.isPresent() && !existing.get().tenantId().equals(TENANT_ID)) {
        throw new IllegalArgumentException(
            "BILLING_LOCAL_API_KEY belongs to tenant "
                + existing.get().tenantId()
                + ", not to the demo tenant");
      }
      if (existing.isEmpty()) {
        store.saveApiKey(new ApiKeyRecord(ApiKeys.keyId(hash), hash, TENANT_ID, clock.instant()));
      }
      // The key issued with the new tenant is not needed next to the configured one.
      firstKey.ifPresent(unused -> admin.revokeKey(TENANT_ID, unused.keyId()));
      return new Credentials(tenant, key, true);
    }
    if (firstKey.isPresent()) {
      return new Credentials(tenant, firstKey.get().apiKey(), false);
    }
    Optional<String> remembered =
        rememberedKey.filter(
            key ->
                store
                    .apiKeyByHash(ApiKeys.hash(key))
                    .filter(r -> r.tenantId().equals(TENANT_ID))
                    .isPresent());
    if (remembered.isPresent()) {
      return new Credentials(tenant, remembered.get(), false);
    }
    // The tenant outlived the state file (or the key was revoked): issue a new key.
    return new Credentials(tenant, admin.issueKey(TENANT_ID).apiKey(), false);
  }
}
