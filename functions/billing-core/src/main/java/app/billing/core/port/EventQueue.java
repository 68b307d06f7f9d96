package app.billing.core.port;

import app.billing.core.event.EventEnvelope;

/** Where verified Stripe events wait for provisioning, in order per customer. */
public interface EventQueue {

  /**
   * Enqueues the verified event body as-is.
   *
   * @throws QueueUnavailableException when the event could not be enqueued; the caller must not
   *     acknowledge the event to Stripe
   */
  void enqueue(EventEnvelope envelope, String payload);

  final class QueueUnavailableException extends RuntimeException {
    public QueueUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
