package app.billing.core.port;

import app.billing.core.email.Email;

/** Sends a rendered email. Throws on failure so the event is retried. */
public interface EmailSender {
  void send(Email email);
}
