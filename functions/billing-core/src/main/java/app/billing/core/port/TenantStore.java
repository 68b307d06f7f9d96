package app.billing.core.port;

import app.billing.core.tenant.ApiKeyRecord;
import app.billing.core.tenant.TenantProfile;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Tenants, their API keys and request counters (the HTTP API side of the billing table). */
public interface TenantStore {

  /**
   * @throws app.billing.core.error.ConflictException when the tenant id is taken
   */
  void createTenant(TenantProfile profile);

  Optional<TenantProfile> tenant(String tenantId);

  /** Every tenant (admin listing; scans). */
  List<TenantProfile> tenants();

  /**
   * Records the tenant's Stripe customer if it has none yet. Returns the customer id stored
   * afterwards: the first writer wins, so racing checkouts agree on one customer.
   */
  String attachStripeCustomer(String tenantId, String customerId);

  void saveApiKey(ApiKeyRecord key);

  /** The live key with this hash, if any. */
  Optional<ApiKeyRecord> apiKeyByHash(String keyHash);

  List<ApiKeyRecord> apiKeys(String tenantId);

  /** Returns false when the tenant has no key with that id. */
  boolean revokeApiKey(String tenantId, String keyId);

  /**
   * Atomically counts one request in a fixed window and returns the count including this one.
   *
   * @param windowKey identifies tenant, bucket and window, e.g. {@code t1#checkout#178822}
   * @param expiresAt when the counter may be deleted (TTL)
   */
  long countRequest(String windowKey, Instant expiresAt);
}
