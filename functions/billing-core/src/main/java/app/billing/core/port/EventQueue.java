package app.billing.core.port;

import app.billing.core.event.EventEnvelope;

/** Where verified Stripe events wait for provisioning, in order per customer. */
public interface EventQueue {

  /**
   * Enqueues the verified event body as-is.
   *
   * @throws QueueUnavailableException when the event could not be enqueued; the caller must not
   *     acknowledge the event to Stripe
   * @throws MessageRefusedException when the queue can never take this message
   */
  void enqueue(EventEnvelope envelope, String payload);

  /** The queue cannot take the event now (unreachable, throttled, denied): a retry may succeed. */
  final class QueueUnavailableException extends RuntimeException {
    public QueueUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The queue refuses this message for good (too large for its limit, or content it cannot hold):
   * sending it again can never succeed, so the caller answers with a permanent error.
   */
  final class MessageRefusedException extends RuntimeException {
    /** Why: the size, or the content. */
    public enum Reason {
      TOO_LARGE,
      INVALID_CONTENT
    }

    private final Reason reason;

    public MessageRefusedException(Reason reason, String message, Throwable cause) {
      super(message, cause);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }
}
