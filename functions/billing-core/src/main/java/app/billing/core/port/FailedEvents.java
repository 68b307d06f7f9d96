package app.billing.core.port;

import app.billing.core.model.FailedEvent;
import java.util.List;
import java.util.Optional;

/**
 * The events recorded as failed for good, for the operator's tools ({@code admin failed
 * list|retry}).
 */
public interface FailedEvents {
  /** Every failed event, oldest first failure first. */
  List<FailedEvent> failedEvents();

  Optional<FailedEvent> failedEvent(String eventId);
}
