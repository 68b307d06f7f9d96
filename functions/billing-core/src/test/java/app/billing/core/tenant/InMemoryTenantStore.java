package app.billing.core.tenant;

import app.billing.core.error.ConflictException;
import app.billing.core.error.NotFoundException;
import app.billing.core.port.TenantStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** {@link TenantStore} in memory, with the semantics the port documents; counts key lookups. */
public final class InMemoryTenantStore implements TenantStore {
  private final ConcurrentMap<String, TenantProfile> tenants = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ApiKeyRecord> keysByHash = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, AtomicLong> counters = new ConcurrentHashMap<>();
  final AtomicInteger keyLookups = new AtomicInteger();

  @Override
  public void createTenant(TenantProfile profile) {
    if (tenants.putIfAbsent(profile.tenantId(), profile) != null) {
      throw new ConflictException(
          "tenant_exists", "Tenant " + profile.tenantId() + " already exists.");
    }
  }

  @Override
  public Optional<TenantProfile> tenant(String tenantId) {
    return Optional.ofNullable(tenants.get(tenantId));
  }

  @Override
  public List<TenantProfile> tenants() {
    return List.copyOf(tenants.values());
  }

  @Override
  public String attachStripeCustomer(String tenantId, String customerId) {
    TenantProfile updated =
        tenants.computeIfPresent(
            tenantId,
            (id, p) ->
                p.stripeCustomerId() != null
                    ? p
                    : new TenantProfile(id, p.name(), p.billingEmail(), customerId, p.createdAt()));
    if (updated == null) {
      throw new NotFoundException("tenant_not_found", "There is no tenant " + tenantId + ".");
    }
    return updated.stripeCustomerId();
  }

  @Override
  public void saveApiKey(ApiKeyRecord key) {
    if (keysByHash.putIfAbsent(key.keyHash(), key) != null) {
      throw new ConflictException("api_key_exists", "That key is stored already.");
    }
  }

  @Override
  public Optional<ApiKeyRecord> apiKeyByHash(String keyHash) {
    keyLookups.incrementAndGet();
    return Optional.ofNullable(keysByHash.get(keyHash));
  }

  @Override
  public List<ApiKeyRecord> apiKeys(String tenantId) {
    List<ApiKeyRecord> keys = new ArrayList<>();
    for (ApiKeyRecord key : keysByHash.values()) {
      if (key.tenantId().equals(tenantId)) {
        keys.add(key);
      }
    }
    return keys;
  }

  @Override
  public boolean revokeApiKey(String tenantId, String keyId) {
    return keysByHash
        .values()
        .removeIf(k -> k.tenantId().equals(tenantId) && k.keyId().equals(keyId));
  }

  @Override
  public long countRequest(String windowKey, Instant expiresAt) {
    return counters.computeIfAbsent(windowKey, k -> new AtomicLong()).incrementAndGet();
  }

  Map<String, ApiKeyRecord> storedKeys() {
    return Map.copyOf(keysByHash);
  }
}
