package app.billing.core.provisioning;

import app.billing.core.model.FailedEvent;

/**
 * How a failed event goes back through provisioning ({@code admin failed retry}): its stored
 * payload is sent to the event queue again, in its customer's message group (so it is applied in
 * order with that customer's live events, by the same function, configuration and permissions),
 * with a message attribute telling provisioning to clear the failed item once the event went
 * through.
 */
public final class FailedEventRetry {
  /** String message attribute carrying the retried event's id. */
  public static final String ATTRIBUTE = "retryOfFailed";

  private FailedEventRetry() {}

  /** The webhook's group: the customer, else the event itself (no order to keep). */
  public static String messageGroupId(FailedEvent failed) {
    return failed.customerId() != null ? failed.customerId() : failed.eventId();
  }

  /**
   * Distinct from the webhook's (the event id), which SQS may still hold for five minutes, and from
   * earlier retries; the same for one attempt count, so running the command twice before the first
   * retry was processed enqueues it once.
   */
  public static String deduplicationId(FailedEvent failed) {
    return failed.eventId() + "-retry-" + failed.attempts();
  }
}
