package app.billing.core.access;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Maps a Stripe subscription status to access. {@code past_due} keeps access for a grace period
 * counted from when the subscription first went past due, so one failed card does not lock a
 * customer out while Stripe retries.
 */
public final class AccessPolicy {
  public static final Duration DEFAULT_PAST_DUE_GRACE = Duration.ofDays(7);

  private final Duration pastDueGrace;

  public AccessPolicy(Duration pastDueGrace) {
    this.pastDueGrace = Objects.requireNonNull(pastDueGrace);
  }

  public Duration pastDueGrace() {
    return pastDueGrace;
  }

  /**
   * @param status a Stripe subscription status, or null when there is no subscription
   * @param pastDueSince when the subscription went past due (null when unknown: counted from now)
   */
  public AccessDecision decide(String status, Instant pastDueSince, Instant now) {
    if (status == null) {
      return new AccessDecision(Access.NONE, null);
    }
    return switch (status) {
      case "active", "trialing" -> new AccessDecision(Access.FULL, null);
      case "past_due" -> {
        Instant graceEnds = (pastDueSince == null ? now : pastDueSince).plus(pastDueGrace);
        yield now.isBefore(graceEnds)
            ? new AccessDecision(Access.GRACE, graceEnds)
            : new AccessDecision(Access.NONE, graceEnds);
      }
      // incomplete, incomplete_expired, unpaid, canceled, paused and any status Stripe adds later
      default -> new AccessDecision(Access.NONE, null);
    };
  }
}
