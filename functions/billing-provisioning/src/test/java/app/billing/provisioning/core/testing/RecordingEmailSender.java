package app.billing.provisioning.core.testing;

import app.billing.core.email.Email;
import app.billing.core.email.EmailKind;
import app.billing.core.port.EmailSender;
import app.billing.core.provisioning.PermanentFailureException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Collects sent emails; can be told to fail the next N sends (as SES would, with an exception). */
public final class RecordingEmailSender implements EmailSender {

  /** What a failed send throws. */
  public static final class SendFailedException extends RuntimeException {
    public SendFailedException(String message) {
      super(message);
    }
  }

  private final List<Email> sent = new ArrayList<>();
  private final Map<EmailKind, Integer> kindFailuresLeft = new EnumMap<>(EmailKind.class);
  private int failuresLeft;
  private int rejectionsLeft;
  private int attempts;

  @Override
  public synchronized void send(Email email) {
    attempts++;
    int ofKind = kindFailuresLeft.getOrDefault(email.kind(), 0);
    if (ofKind > 0) {
      kindFailuresLeft.put(email.kind(), ofKind - 1);
      throw new SendFailedException(
          "simulated send failure for " + email.kind() + " to " + email.to());
    }
    if (rejectionsLeft > 0) {
      rejectionsLeft--;
      throw new PermanentFailureException(
          "ses_400_MessageRejected", "simulated rejection of " + email.kind());
    }
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new SendFailedException(
          "simulated send failure for " + email.kind() + " to " + email.to());
    }
    sent.add(email);
  }

  /** The next {@code n} sends throw {@link SendFailedException} and are not recorded. */
  public synchronized void failNext(int n) {
    failuresLeft = n;
  }

  /** The next {@code n} sends are rejected for good (as SES rejects a message with a 400). */
  public synchronized void rejectNext(int n) {
    rejectionsLeft = n;
  }

  /** The next {@code n} sends of one kind fail; other kinds go through. */
  public synchronized void failNext(EmailKind kind, int n) {
    kindFailuresLeft.put(kind, n);
  }

  /** Successfully sent emails, in order. */
  public synchronized List<Email> sent() {
    return List.copyOf(sent);
  }

  public synchronized List<EmailKind> kinds() {
    return sent.stream().map(Email::kind).toList();
  }

  /** Every call to {@link #send}, failed ones included. */
  public synchronized int attempts() {
    return attempts;
  }
}
