package app.billing.authorizer;

import app.billing.core.port.TenantStore;
import app.billing.core.tenant.ApiKeyRecord;
import app.billing.core.tenant.TenantProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Only what authentication reads: keys by hash. Everything else is not expected here. */
public final class FakeTenantStore implements TenantStore {
  private final Map<String, ApiKeyRecord> keysByHash = new ConcurrentHashMap<>();
  private RuntimeException failure;

  /** Makes every key lookup throw {@code failure} (null to stop). */
  public void failWith(RuntimeException failure) {
    this.failure = failure;
  }

  @Override
  public void saveApiKey(ApiKeyRecord key) {
    keysByHash.put(key.keyHash(), key);
  }

  @Override
  public Optional<ApiKeyRecord> apiKeyByHash(String keyHash) {
    if (failure != null) {
      throw failure;
    }
    return Optional.ofNullable(keysByHash.get(keyHash));
  }

  @Override
  public void createTenant(TenantProfile profile) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<TenantProfile> tenant(String tenantId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<TenantProfile> tenants() {
    throw new UnsupportedOperationException();
  }

  @Override
  public String attachStripeCustomer(String tenantId, String customerId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<ApiKeyRecord> apiKeys(String tenantId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean revokeApiKey(String tenantId, String keyId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long countRequest(String windowKey, Instant expiresAt) {
    throw new UnsupportedOperationException();
  }
}
