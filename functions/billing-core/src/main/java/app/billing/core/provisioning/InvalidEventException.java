package app.billing.core.provisioning;

/** The message can never be processed: retrying cannot help, it belongs in the DLQ. */
public final class InvalidEventException extends RuntimeException {
  public InvalidEventException(String message) {
    super(message);
  }
}
