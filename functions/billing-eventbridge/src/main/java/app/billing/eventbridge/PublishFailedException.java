package app.billing.eventbridge;

/** Events the bus still refused after retrying; the batch that owes them must be retried. */
public final class PublishFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
