package app.billing.webhook;

import app.billing.core.config.StripeMode;
import app.billing.core.event.EventEnvelope;
import app.billing.core.event.EventEnvelopeReader;
import app.billing.core.event.HandledEventTypes;
import app.billing.core.event.NotAStripeEventException;
import app.billing.core.log.LogKeys;
import app.billing.core.port.EventQueue;
import app.billing.core.port.EventQueue.MessageRefusedException;
import app.billing.core.port.EventQueue.QueueUnavailableException;
import app.billing.core.webhook.WebhookOutcome;
import app.billing.core.webhook.WebhookOutcome.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Receives one Stripe webhook delivery: size check, signature check on the raw bytes, envelope
 * read, mode check, and enqueue of the handled event types; answers with a {@link WebhookOutcome}.
 * No HTTP or AWS types here.
 *
 * <p>Sets the log keys {@link LogKeys#EVENT_ID}, {@link LogKeys#EVENT_TYPE} and {@link
 * LogKeys#OUTCOME}; the caller clears them. Never logs the payload or the signature.
 */
public final class WebhookService {
  private static final Logger log = LoggerFactory.getLogger(WebhookService.class);

  private final StripeSignatureVerifier verifier;
  private final EventQueue queue;
  private final int maxBodyBytes;
  private final StripeMode mode;

  /**
   * @param mode this deployment's Stripe mode: events of the other mode are acknowledged and
   *     dropped
   */
  public WebhookService(
      StripeSignatureVerifier verifier, EventQueue queue, int maxBodyBytes, StripeMode mode) {
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.maxBodyBytes = maxBodyBytes;
    this.mode = Objects.requireNonNull(mode, "mode");
  }

  /**
   * A body that arrived as bytes (API Gateway base64-encodes bodies that are not text): the
   * signature is checked over these exact bytes, and only then are they read as UTF-8.
   *
   * @param body the request body exactly as received (base64 already decoded)
   * @param signatureHeader the {@code Stripe-Signature} header, or null when absent
   */
  public WebhookOutcome handle(byte[] body, String signatureHeader) {
    if (body == null) {
      body = new byte[0];
    }
    if (body.length > maxBodyBytes) {
      return tooLarge(body.length);
    }
    WebhookOutcome refused = refuseEmptyOrUnsigned(body.length == 0, signatureHeader);
    if (refused != null) {
      return refused;
    }
    refused = refuseUnverified(body, signatureHeader);
    if (refused != null) {
      return refused;
    }
    String payload = new String(body, StandardCharsets.UTF_8);
    // Malformed UTF-8 decodes to U+FFFD; a genuine U+FFFD encodes back to the very same bytes.
    if (payload.indexOf('\uFFFD') >= 0
        && !Arrays.equals(payload.getBytes(StandardCharsets.UTF_8), body)) {
      return notUtf8("verified body is not valid UTF-8");
    }
    if (questionMarksOrUnqueueable(body) == UNQUEUEABLE) {
      return unqueueable();
    }
    return route(payload);
  }

  /**
   * The same for a body that arrived as text (API Gateway passes a JSON body as a string, not
   * base64): Stripe signed its UTF-8 bytes, which are checked; the string itself is what is
   * enqueued, so it is not decoded again on the way.
   *
   * @param body the request body as received, or null when absent
   * @param signatureHeader the {@code Stripe-Signature} header, or null when absent
   */
  public WebhookOutcome handleText(String body, String signatureHeader) {
    String payload = body == null ? "" : body;
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBodyBytes) {
      return tooLarge(bytes.length);
    }
    WebhookOutcome refused = refuseEmptyOrUnsigned(payload.isEmpty(), signatureHeader);
    if (refused != null) {
      return refused;
    }
    int questionMarks = questionMarksOrUnqueueable(bytes);
    // An unpaired surrogate has no UTF-8 form (getBytes wrote '?' for it): these are not bytes
    // anyone
    // signed. More '?' in the bytes than in the text tells, without decoding the bytes again.
    if (questionMarks > 0 && questionMarks != count(payload, '?')) {
      return notUtf8("text body holds an unpaired surrogate");
    }
    refused = refuseUnverified(bytes, signatureHeader);
    if (refused != null) {
      return refused;
    }
    if (questionMarks == UNQUEUEABLE) {
      return unqueueable();
    }
    return route(payload);
  }

  private WebhookOutcome tooLarge(int bytes) {
    MDC.put(LogKeys.OUTCOME, "rejected");
    log.warn("Webhook delivery rejected: body of {} bytes is over the limit", bytes);
    return new WebhookOutcome.TooLarge(maxBodyBytes);
  }

  private static WebhookOutcome refuseEmptyOrUnsigned(boolean empty, String signatureHeader) {
    if (empty) {
      return reject(Reason.EMPTY_BODY, null, "empty body");
    }
    if (signatureHeader == null || signatureHeader.isBlank()) {
      return reject(Reason.MISSING_SIGNATURE, null, "no Stripe-Signature header");
    }
    return null;
  }

  private static WebhookOutcome notUtf8(String reason) {
    return reject(Reason.NOT_UTF8, null, reason);
  }

  private static final int UNQUEUEABLE = -1;

  /**
   * The number of '?' in the UTF-8 {@code body}, or {@link #UNQUEUEABLE} when SQS could not carry
   * it as a message: SQS refuses control characters other than tab, line feed and carriage return,
   * and U+FFFE and U+FFFF (found by WebhookHandlerFuzzTest: Gson reads a raw control character
   * inside a string, SQS then refused every delivery, so Stripe would have retried it for days).
   * JSON does not allow raw control characters either. One pass over the bytes, two comparisons for
   * most of them (this runs on every delivery): in UTF-8 no other character holds such bytes.
   */
  private static int questionMarksOrUnqueueable(byte[] body) {
    int questionMarks = 0;
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      if (b >= 0x20) { // printable ASCII: most of a JSON body
        if (b == '?') {
          questionMarks++;
        }
      } else if (b >= 0) {
        if (b != '\t' && b != '\n' && b != '\r') {
          return UNQUEUEABLE;
        }
      } else if (b == (byte) 0xEF
          && i + 2 < body.length
          && body[i + 1] == (byte) 0xBF
          && (body[i + 2] == (byte) 0xBE || body[i + 2] == (byte) 0xBF)) {
        return UNQUEUEABLE; // U+FFFE or U+FFFF: EF BF BE, EF BF BF
      }
    }
    return questionMarks;
  }

  private static int count(String text, char c) {
    int count = 0;
    for (int i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) {
      count++;
    }
    return count;
  }

  private static WebhookOutcome unqueueable() {
    return reject(
        Reason.UNQUEUEABLE_CHARACTER, null, "verified body holds a character SQS refuses");
  }

  /** Null when the signature over {@code body} is genuine and current. */
  private WebhookOutcome refuseUnverified(byte[] body, String signatureHeader) {
    StripeSignatureVerifier.Verdict verdict = verifier.verify(body, signatureHeader);
    if (verdict == StripeSignatureVerifier.Verdict.VALID) {
      return null;
    }
    return reject(
        Reason.INVALID_SIGNATURE, null, "signature " + verdict.name().toLowerCase(Locale.ROOT));
  }

  private WebhookOutcome route(String payload) {
    EventEnvelope envelope;
    try {
      envelope = EventEnvelopeReader.read(payload);
    } catch (NotAStripeEventException e) {
      // The reader's messages name the problem and never quote the body.
      return reject(
          Reason.NOT_AN_EVENT,
          e.getMessage(),
          "verified body is not a valid event: " + e.getMessage());
    }
    MDC.put(LogKeys.EVENT_ID, envelope.id());
    MDC.put(LogKeys.EVENT_TYPE, envelope.type());

    if (!mode.accepts(envelope.livemode())) {
      // Genuine (signed with our secret) but of the other mode, e.g. a live endpoint pointed at a
      // test deployment: acknowledged so that Stripe stops, never applied.
      MDC.put(LogKeys.OUTCOME, "other_mode");
      log.atWarn()
          .addKeyValue(LogKeys.EVENT_LIVEMODE, envelope.livemode())
          .addKeyValue(LogKeys.STRIPE_MODE, mode.wireName())
          .addKeyValue(LogKeys.OTHER_MODE_EVENTS, 1)
          .log("Stripe event of the other mode; acknowledged without enqueueing");
      return new WebhookOutcome.OtherMode(envelope, mode);
    }

    if (!HandledEventTypes.isHandled(envelope.type())) {
      MDC.put(LogKeys.OUTCOME, "ignored");
      log.debug("Stripe event type not handled; acknowledged without enqueueing");
      return new WebhookOutcome.Ignored(envelope);
    }

    try {
      queue.enqueue(envelope, payload);
    } catch (QueueUnavailableException e) {
      MDC.put(LogKeys.OUTCOME, "queue_unavailable");
      log.error("Could not enqueue Stripe event; answering 500 so Stripe retries", e);
      return new WebhookOutcome.QueueDown();
    } catch (MessageRefusedException e) {
      // Permanent: the same bytes can never be queued, so no 5xx (no outage, no alarm, no retry
      // storm).
      MDC.put(LogKeys.OUTCOME, "refused_by_queue");
      log.error(
          "The event queue refuses this Stripe event for good ({}); not acknowledged",
          e.reason(),
          e);
      return new WebhookOutcome.QueueRefused(e.reason());
    }
    MDC.put(LogKeys.OUTCOME, "enqueued");
    log.info("Stripe event enqueued");
    return new WebhookOutcome.Enqueued(envelope);
  }

  private static WebhookOutcome reject(Reason reason, String detail, String logged) {
    MDC.put(LogKeys.OUTCOME, "rejected");
    log.warn("Webhook delivery rejected ({}): {}", reason, logged);
    return new WebhookOutcome.Rejected(reason, detail);
  }
}
