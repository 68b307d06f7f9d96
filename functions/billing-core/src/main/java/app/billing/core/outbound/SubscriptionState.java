package app.billing.core.outbound;

import app.billing.core.model.SubscriptionRecord;
import java.time.Instant;

/** The fields of a subscription the host app sees; bookkeeping fields (version) left out. */
public record SubscriptionState(
    String subscriptionId,
    String status,
    String plan,
    String priceId,
    String billingCycle,
    long quantity,
    Instant currentPeriodStart,
    Instant currentPeriodEnd,
    Instant trialEnd,
    boolean cancelAtPeriodEnd,
    Instant cancelAt,
    Instant canceledAt,
    Instant endedAt,
    String cancellationReason) {

  static SubscriptionState of(SubscriptionRecord r) {
    return new SubscriptionState(
        r.subscriptionId(),
        r.status(),
        r.planKey(),
        r.priceId(),
        r.billingCycle(),
        r.quantity(),
        r.currentPeriodStart(),
        r.currentPeriodEnd(),
        r.trialEnd(),
        r.cancelAtPeriodEnd(),
        r.cancelAt(),
        r.canceledAt(),
        r.endedAt(),
        r.cancellationReason());
  }
}
