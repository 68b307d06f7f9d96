package app.billing.core.port;

import app.billing.core.model.FailedEvent;
import java.util.List;
import java.util.Optional;

/**
 * The events that failed for good: recorded by provisioning, listed and retried by the operator's
 * tools ({@code admin failed list|retry}).
 */
public interface FailedEvents {

  /**
   * Records that {@code failure.eventId()} failed for good: the first failure time is kept, the
   * last one, reason, stage and payload are replaced, attempts grow by one. Failed events expire
   * (TTL) after Stripe's 30 days of event retention.
   */
  void recordFailure(FailedEvent failure);

  /** The event was applied after all (a retry): it is no longer failed. */
  void clearFailure(String eventId);

  /** Every failed event, oldest first failure first. */
  List<FailedEvent> failedEvents();

  Optional<FailedEvent> failedEvent(String eventId);
}
