package app.billing.core.reconcile;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What the reconciler asks Stripe for.
 *
 * @param types the event types to list ({@code HandledEventTypes.ALL}: what the webhook enqueues)
 * @param overlap how far before the watermark each walk starts again: an event becomes listable a
 *     little after its {@code created} second, and two events may share a second, so a walk that
 *     started at T may not have seen every event created just before T
 * @param initialLookback how far back the very first walk starts (no watermark yet)
 * @param pageSize events per page (Stripe's maximum is 100: fewest calls per event)
 * @param onlyUndelivered {@code delivery_success=false}: list only events Stripe could not deliver
 *     to some endpoint (what an outage leaves behind); false lists every handled event of the
 *     window
 */
public record ReconcilerSettings(
    Set<String> types,
    Duration overlap,
    Duration initialLookback,
    int pageSize,
    boolean onlyUndelivered) {

  public ReconcilerSettings {
    types = Set.copyOf(types);
    Objects.requireNonNull(overlap, "overlap");
    Objects.requireNonNull(initialLookback, "initialLookback");
    if (types.isEmpty()) {
      throw new IllegalArgumentException("types must not be empty");
    }
    if (overlap.isNegative() || initialLookback.isNegative()) {
      throw new IllegalArgumentException("overlap and initialLookback must not be negative");
    }
    if (pageSize < 1 || pageSize > 100) {
      throw new IllegalArgumentException("pageSize must be 1 to 100");
    }
  }
}
