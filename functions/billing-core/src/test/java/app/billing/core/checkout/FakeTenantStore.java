package app.billing.core.checkout;

import app.billing.core.error.ConflictException;
import app.billing.core.error.NotFoundException;
import app.billing.core.port.TenantStore;
import app.billing.core.tenant.ApiKeyRecord;
import app.billing.core.tenant.TenantProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link TenantStore} in memory for the checkout and portal tests; records rate-window writes.
 */
public final class FakeTenantStore implements TenantStore {
  public record Count(String windowKey, long count, Instant expiresAt) {}

  private final Map<String, TenantProfile> tenants = new LinkedHashMap<>();
  private final Map<String, ApiKeyRecord> keys = new LinkedHashMap<>();
  private final Map<String, Long> counters = new LinkedHashMap<>();
  private final List<Count> counts = new ArrayList<>();
  private String customerAttachedMeanwhile;

  public synchronized FakeTenantStore with(String tenantId, String customerId) {
    tenants.put(
        tenantId,
        new TenantProfile(
            tenantId,
            "Tenant " + tenantId,
            tenantId + "@billing.example",
            customerId,
            Instant.parse("2026-01-01T00:00:00Z")));
    return this;
  }

  /** The next attach finds this customer already stored, as if a concurrent checkout won. */
  public synchronized void customerAttachedMeanwhile(String customerId) {
    customerAttachedMeanwhile = customerId;
  }

  public synchronized List<Count> counts() {
    return List.copyOf(counts);
  }

  @Override
  public synchronized void createTenant(TenantProfile profile) {
    if (tenants.putIfAbsent(profile.tenantId(), profile) != null) {
      throw new ConflictException("tenant_exists", "taken");
    }
  }

  @Override
  public synchronized Optional<TenantProfile> tenant(String tenantId) {
    return Optional.ofNullable(tenants.get(tenantId));
  }

  @Override
  public synchronized List<TenantProfile> tenants() {
    return List.copyOf(tenants.values());
  }

  @Override
  public synchronized String attachStripeCustomer(String tenantId, String customerId) {
    TenantProfile profile = tenants.get(tenantId);
    if (profile == null) {
      throw new NotFoundException("tenant_not_found", "no tenant " + tenantId);
    }
    if (customerAttachedMeanwhile != null) {
      profile = withCustomer(profile, customerAttachedMeanwhile);
      customerAttachedMeanwhile = null;
    }
    if (profile.stripeCustomerId() == null) {
      profile = withCustomer(profile, customerId);
    }
    tenants.put(tenantId, profile);
    return profile.stripeCustomerId();
  }

  private static TenantProfile withCustomer(TenantProfile p, String customerId) {
    return new TenantProfile(p.tenantId(), p.name(), p.billingEmail(), customerId, p.createdAt());
  }

  @Override
  public synchronized void saveApiKey(ApiKeyRecord key) {
    keys.put(key.keyHash(), key);
  }

  @Override
  public synchronized Optional<ApiKeyRecord> apiKeyByHash(String keyHash) {
    return Optional.ofNullable(keys.get(keyHash));
  }

  @Override
  public synchronized List<ApiKeyRecord> apiKeys(String tenantId) {
    return keys.values().stream().filter(k -> k.tenantId().equals(tenantId)).toList();
  }

  @Override
  public synchronized boolean revokeApiKey(String tenantId, String keyId) {
    return keys.values().removeIf(k -> k.tenantId().equals(tenantId) && k.keyId().equals(keyId));
  }

  @Override
  public synchronized long countRequest(String windowKey, Instant expiresAt) {
    long count = counters.merge(windowKey, 1L, Long::sum);
    counts.add(new Count(windowKey, count, expiresAt));
    return count;
  }
}
