package app.billing.core.access;

import app.billing.core.model.EventVersion;
import app.billing.core.model.SubscriptionRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one rule that turns a tenant's subscriptions into its plan and access: <b>the subscription
 * giving the highest access wins</b> ({@code full} over {@code grace} over {@code none}, as {@link
 * AccessPolicy} decides it now), and among equals <b>the newest wins</b> (the one whose stored
 * event version is latest). A tenant with one live and one canceled subscription therefore keeps
 * full access, and a tenant whose subscriptions all ended shows the one that ended last.
 */
public final class EffectiveSubscription {

  /**
   * Latest event version first; the event id breaks a tie of the same second, so order is total.
   */
  public static final Comparator<SubscriptionRecord> NEWEST_FIRST =
      Comparator.comparing(
              SubscriptionRecord::version,
              Comparator.nullsFirst(
                  Comparator.comparingLong(EventVersion::created)
                      .thenComparing(
                          EventVersion::eventId, Comparator.nullsFirst(Comparator.naturalOrder()))))
          .reversed();

  private final AccessPolicy policy;

  public EffectiveSubscription(AccessPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The subscription that decides the tenant's plan and access now; empty when it has none. */
  public Optional<SubscriptionRecord> pick(
      Collection<SubscriptionRecord> subscriptions, Instant now) {
    return ranked(subscriptions, now).stream().findFirst();
  }

  /** All subscriptions in the rule's order: the effective one first. */
  public List<SubscriptionRecord> ranked(
      Collection<SubscriptionRecord> subscriptions, Instant now) {
    return subscriptions.stream()
        .sorted(
            Comparator.comparing((SubscriptionRecord s) -> access(s, now))
                .thenComparing(NEWEST_FIRST))
        .toList();
  }

  /** Access granted by one subscription now. */
  public Access access(SubscriptionRecord subscription, Instant now) {
    return decide(subscription, now).access();
  }

  public AccessDecision decide(SubscriptionRecord subscription, Instant now) {
    return policy.decide(subscription.status(), subscription.pastDueSince(), now);
  }

  /** Newest first, the order of {@code subscriptions: [...]} on the wire. */
  public static List<SubscriptionRecord> newestFirst(Collection<SubscriptionRecord> subscriptions) {
    return subscriptions.stream().sorted(NEWEST_FIRST).toList();
  }
}
