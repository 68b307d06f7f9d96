package app.billing.intake;

/**
 * The EventBridge event is not a Stripe partner event carrying a valid Stripe event: nothing is
 * enqueued. The message names the problem and never quotes the event.
 */
public final class MalformedIntakeEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedIntakeEventException(String message) {
    super(message);
  }
}
