package app.billing.provisioning.core.port;

/** Whether a tenant exists: a customer is never linked to a tenant id we do not know. */
@FunctionalInterface
public interface TenantDirectory {
  boolean exists(String tenantId);
}
