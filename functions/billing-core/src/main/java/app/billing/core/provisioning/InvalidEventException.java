package app.billing.core.provisioning;

/**
 * The message can never be processed as a Stripe event: recorded as failed, never retried by the
 * queue.
 */
public final class InvalidEventException extends PermanentFailureException {
  public InvalidEventException(String message) {
    super("unreadable_payload", message);
  }
}
