package app.billing.core.port;

import java.time.Instant;

/** Makes each email go out once, whatever the number of deliveries of the event behind it. */
public interface EmailGuards {

  /** SES accepted the email behind {@code emailKey}; see {@link #claimEmail}. */
  record SentEmail(String emailKey, Instant sentAt, boolean forever) {}

  /**
   * Claims the right to send the email behind {@code emailKey}: granted when it was never sent and
   * no other sender holds a live claim. The claimant sends, then marks it sent ({@link
   * #markEmailSent}, right after SES accepted it) or, when sending failed, calls {@link
   * #releaseEmail}. The claim's lease must be shorter than the queue's visibility timeout, so the
   * redelivery after a crash can claim it again.
   *
   * @param forever the guard must outlive Stripe's redelivery window (e.g. one welcome per
   *     subscription); otherwise it may expire once redelivery is no longer possible
   */
  EmailClaim claimEmail(String emailKey, Instant now, boolean forever);

  enum EmailClaim {
    /** This caller sends the email. */
    CLAIMED,
    /** Sent already, or another sender is sending it right now. */
    TAKEN
  }

  /** Gives a claim back after a failed send, so a retry can claim it again. */
  void releaseEmail(String emailKey);

  /**
   * Turns this sender's claim into "sent", right after SES accepted the email: from then on no
   * redelivery sends it again, even after the claim's lease would have run out. One write per
   * email.
   */
  void markEmailSent(SentEmail sent);
}
