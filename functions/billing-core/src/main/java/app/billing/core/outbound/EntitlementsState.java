package app.billing.core.outbound;

import java.util.List;

/** The Stripe Entitlements feature lookup keys granted to the tenant, sorted. */
public record EntitlementsState(List<String> lookupKeys) {

  public EntitlementsState {
    lookupKeys = lookupKeys.stream().sorted().toList();
  }
}
