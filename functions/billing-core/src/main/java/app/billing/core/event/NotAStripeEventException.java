package app.billing.core.event;

/** A verified body that is not JSON or not a Stripe event. */
public final class NotAStripeEventException extends Exception {
  public NotAStripeEventException(String message) {
    super(message);
  }
}
