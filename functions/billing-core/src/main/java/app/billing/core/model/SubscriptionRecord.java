package app.billing.core.model;

import java.time.Instant;

/**
 * A tenant's subscription as the app reads it. One per tenant: the latest subscription wins.
 *
 * @param planKey catalog key of the subscribed price, or null when the price is not in the catalog
 * @param pastDueSince when the subscription went past due; kept across repeated past_due updates
 */
public record SubscriptionRecord(
    String tenantId,
    String customerId,
    String subscriptionId,
    String status,
    String planKey,
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
    String cancellationReason,
    Instant pastDueSince,
    EventVersion version) {

  public boolean isPastDue() {
    return "past_due".equals(status);
  }
}
