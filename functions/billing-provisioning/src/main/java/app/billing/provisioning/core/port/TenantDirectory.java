package app.billing.provisioning.core.port;

/** The tenant profiles provisioning reads and, for a deleted customer, updates. */
public interface TenantDirectory {
  /** Whether the tenant exists: a customer is never linked to a tenant id we do not know. */
  boolean exists(String tenantId);

  /**
   * Clears the tenant's Stripe customer if it still is {@code customerId} (the customer was deleted
   * in Stripe), so the next checkout creates a new one; a newer customer is left alone.
   */
  void detachStripeCustomer(String tenantId, String customerId);
}
