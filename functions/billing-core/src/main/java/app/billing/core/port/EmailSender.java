package app.billing.core.port;

import app.billing.core.email.Email;

/**
 * Sends a rendered email. Throws {@link app.billing.core.provisioning.PermanentFailureException}
 * when the email can never be sent as it is (e.g. SES rejects the recipient or message: a 4xx other
 * than throttling), so the email is recorded as failed and its event goes on; any other exception
 * is transient and the event is retried.
 */
public interface EmailSender {
  void send(Email email);
}
