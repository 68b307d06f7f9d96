package app.billing.core.model;

import java.util.List;

/** The feature lookup keys Stripe Entitlements currently grants the tenant. */
public record EntitlementsRecord(
    String tenantId, String customerId, List<String> lookupKeys, EventVersion version) {

  public EntitlementsRecord {
    lookupKeys = List.copyOf(lookupKeys);
  }
}
