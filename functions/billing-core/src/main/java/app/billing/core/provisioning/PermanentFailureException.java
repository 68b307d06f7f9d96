package app.billing.core.provisioning;

/**
 * Retrying cannot help: Stripe answered 4xx (e.g. {@code resource_missing}), the payload cannot be
 * read or typed, or an email recipient is invalid or refused. Provisioning records the event as
 * failed (listed and retried with {@code admin failed}) instead of returning it to the queue, so it
 * neither burns its receive count nor holds back its customer's later events. Every other exception
 * is transient and the message is retried.
 */
public class PermanentFailureException extends RuntimeException {
  private final String reason;

  /**
   * @param reason short, stable and free of personal data, e.g. {@code
   *     stripe_404_resource_missing}; stored with the failed event and shown by the admin tools
   */
  public PermanentFailureException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public PermanentFailureException(String reason, String message) {
    this(reason, message, null);
  }

  public String reason() {
    return reason;
  }
}
