package app.billing.core.webhook;

import app.billing.core.config.StripeMode;
import app.billing.core.event.EventEnvelope;
import app.billing.core.port.EventQueue.MessageRefusedException;
import java.util.Objects;

/**
 * What became of one Stripe webhook delivery. The HTTP layer ({@code app.billing.http}) alone turns
 * each outcome into a status and body: acknowledged outcomes tell Stripe to stop, refusals that it
 * should not send the same again, failures that it should retry.
 */
public sealed interface WebhookOutcome {

  /** A genuine event of a type we act on, now in the event queue. */
  record Enqueued(EventEnvelope envelope) implements WebhookOutcome {}

  /** A genuine event of a type we do not act on: acknowledged, not enqueued. */
  record Ignored(EventEnvelope envelope) implements WebhookOutcome {}

  /**
   * A genuine event of the other Stripe mode (a live event sent to a test deployment, or the
   * reverse): acknowledged so that Stripe stops sending it, never enqueued.
   */
  record OtherMode(EventEnvelope envelope, StripeMode deploymentMode) implements WebhookOutcome {}

  /** The body is larger than the limit; refused before its signature is checked. */
  record TooLarge(int limitBytes) implements WebhookOutcome {}

  /**
   * Refused as it is: sending the same again cannot succeed.
   *
   * @param detail for {@link Reason#NOT_AN_EVENT}, what is wrong with the event (never quotes the
   *     body); else null
   */
  record Rejected(Reason reason, String detail) implements WebhookOutcome {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    public Rejected(Reason reason) {
      this(reason, null);
    }
  }

  /** The event queue could not be reached; Stripe should retry later. */
  record QueueDown() implements WebhookOutcome {}

  /** The event queue refuses this event for good (too large, or content it cannot store). */
  record QueueRefused(MessageRefusedException.Reason reason) implements WebhookOutcome {}

  /** Why a delivery was {@link Rejected}. */
  enum Reason {
    EMPTY_BODY,
    MISSING_SIGNATURE,
    /** The transport said base64, but the body is not. */
    NOT_BASE64,
    NOT_UTF8,
    /** A control character or U+FFFE/U+FFFF: neither JSON text nor a queue message carries it. */
    UNQUEUEABLE_CHARACTER,
    INVALID_SIGNATURE,
    NOT_AN_EVENT
  }
}
