package app.billing.provisioning.core.testing;

import app.billing.provisioning.core.port.TenantDirectory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every tenant exists unless marked unknown; holds each tenant's Stripe customer. */
public final class FakeTenantDirectory implements TenantDirectory {
  private final Set<String> unknown = new HashSet<>();
  private final Map<String, String> customers = new HashMap<>();

  public synchronized FakeTenantDirectory unknown(String tenantId) {
    unknown.add(tenantId);
    return this;
  }

  public synchronized FakeTenantDirectory customer(String tenantId, String customerId) {
    customers.put(tenantId, customerId);
    return this;
  }

  public synchronized Optional<String> customerOf(String tenantId) {
    return Optional.ofNullable(customers.get(tenantId));
  }

  @Override
  public synchronized boolean exists(String tenantId) {
    return !unknown.contains(tenantId);
  }

  @Override
  public synchronized void detachStripeCustomer(String tenantId, String customerId) {
    customers.remove(tenantId, customerId);
  }
}
