package app.billing.core.email;

import java.util.List;

/** A rendered email, ready for the sender. */
public record Email(
    EmailKind kind,
    String from,
    List<String> replyTo,
    String to,
    String subject,
    String text,
    String html) {

  public Email {
    replyTo = List.copyOf(replyTo);
  }
}
