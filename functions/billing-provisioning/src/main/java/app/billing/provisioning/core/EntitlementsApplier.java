package app.billing.provisioning.core;

import app.billing.core.model.EventVersion;
import app.billing.core.model.Outcome;
import app.billing.core.port.VersionedRecords;
import app.billing.provisioning.core.port.StripeEventReads;
import com.stripe.model.entitlements.ActiveEntitlement;
import com.stripe.model.entitlements.ActiveEntitlementSummary;
import java.util.List;

/**
 * {@code entitlements.active_entitlement_summary.updated}: the lookup keys, every page of them.
 * Sends no email.
 */
final class EntitlementsApplier {
  private final VersionedRecords store;
  private final StripeEventReads stripe;

  EntitlementsApplier(VersionedRecords store, StripeEventReads stripe) {
    this.store = store;
    this.stripe = stripe;
  }

  Outcome apply(EventRun run, ActiveEntitlementSummary summary, EventVersion version) {
    String tenantId = run.tenantId;
    String customerId = summary.getCustomer();
    // The event embeds only the first page of the list; the rest is read from the API.
    List<String> keys =
        summary.getEntitlements() == null
            ? List.of()
            : Boolean.TRUE.equals(summary.getEntitlements().getHasMore())
                ? stripe.activeEntitlementLookupKeys(customerId)
                : summary.getEntitlements().getData().stream()
                    .map(ActiveEntitlement::getLookupKey)
                    .toList();
    // The summary has no id to refetch by: a tie is settled by the customer's current keys.
    return VersionedWriter.save(
            keys,
            k -> Projections.entitlements(tenantId, customerId, k, version),
            store::saveEntitlements,
            () -> stripe.activeEntitlementLookupKeys(customerId))
        .outcome();
  }
}
