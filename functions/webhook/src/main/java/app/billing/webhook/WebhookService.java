package app.billing.webhook;

import app.billing.core.event.EventEnvelope;
import app.billing.core.event.EventEnvelopeReader;
import app.billing.core.event.HandledEventTypes;
import app.billing.core.event.NotAStripeEventException;
import app.billing.core.http.ApiError;
import app.billing.core.port.EventQueue;
import app.billing.core.port.EventQueue.MessageRefusedException;
import app.billing.core.port.EventQueue.QueueUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Receives one Stripe webhook delivery: size check, signature check on the raw bytes, envelope
 * read, and enqueue of the handled event types. No HTTP or AWS types here.
 *
 * <p>Sets the MDC keys {@value #MDC_EVENT_ID}, {@value #MDC_EVENT_TYPE} and {@value #MDC_OUTCOME};
 * the caller clears them. Never logs the payload or the signature.
 */
public final class WebhookService {
  public static final String MDC_EVENT_ID = "eventId";
  public static final String MDC_EVENT_TYPE = "eventType";
  public static final String MDC_OUTCOME = "outcome";

  private static final Logger log = LoggerFactory.getLogger(WebhookService.class);

  private final StripeSignatureVerifier verifier;
  private final EventQueue queue;
  private final int maxBodyBytes;

  public WebhookService(StripeSignatureVerifier verifier, EventQueue queue, int maxBodyBytes) {
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * A body that arrived as bytes (API Gateway base64-encodes bodies that are not text): the
   * signature is checked over these exact bytes, and only then are they read as UTF-8.
   *
   * @param body the request body exactly as received (base64 already decoded)
   * @param signatureHeader the {@code Stripe-Signature} header, or null when absent
   */
  public WebhookResult handle(byte[] body, String signatureHeader) {
    if (body == null) {
      body = new byte[0];
    }
    if (body.length > maxBodyBytes) {
      return tooLarge(body.length);
    }
    WebhookResult refused = refuseEmptyOrUnsigned(body.length == 0, signatureHeader);
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
  public WebhookResult handleText(String body, String signatureHeader) {
    String payload = body == null ? "" : body;
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBodyBytes) {
      return tooLarge(bytes.length);
    }
    WebhookResult refused = refuseEmptyOrUnsigned(payload.isEmpty(), signatureHeader);
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

  private WebhookResult tooLarge(int bytes) {
    return reject(
        new ApiError(
            413,
            "payload_too_large",
            "The request body is larger than " + maxBodyBytes + " bytes."),
        "body of " + bytes + " bytes is over the limit");
  }

  private static WebhookResult refuseEmptyOrUnsigned(boolean empty, String signatureHeader) {
    if (empty) {
      return reject(ApiError.badRequest("empty_body", "The request body is empty."), "empty body");
    }
    if (signatureHeader == null || signatureHeader.isBlank()) {
      return reject(
          ApiError.badRequest("missing_signature", "The Stripe-Signature header is missing."),
          "no Stripe-Signature header");
    }
    return null;
  }

  private static WebhookResult notUtf8(String reason) {
    return reject(
        ApiError.badRequest("invalid_body", "The request body is not valid UTF-8."), reason);
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

  private static WebhookResult unqueueable() {
    return reject(
        ApiError.badRequest(
            "invalid_body",
            "The request body holds a control character"
                + " (other than tab, line feed or carriage return) or U+FFFE/U+FFFF, which JSON text or a"
                + " queue message cannot carry."),
        "verified body holds a character SQS refuses");
  }

  /** Null when the signature over {@code body} is genuine and current. */
  private WebhookResult refuseUnverified(byte[] body, String signatureHeader) {
    StripeSignatureVerifier.Verdict verdict = verifier.verify(body, signatureHeader);
    if (verdict == StripeSignatureVerifier.Verdict.VALID) {
      return null;
    }
    return reject(
        ApiError.badRequest(
            "invalid_signature",
            "The Stripe-Signature header does not match the body, or its timestamp is outside the tolerance."),
        "signature " + verdict.name().toLowerCase(Locale.ROOT));
  }

  private WebhookResult route(String payload) {
    EventEnvelope envelope;
    try {
      envelope = EventEnvelopeReader.read(payload);
    } catch (NotAStripeEventException e) {
      // The reader's messages name the problem and never quote the body.
      return reject(
          ApiError.badRequest(
              "invalid_event", "The body is not a valid Stripe event: " + e.getMessage() + "."),
          "verified body is not a valid event: " + e.getMessage());
    }
    MDC.put(MDC_EVENT_ID, envelope.id());
    MDC.put(MDC_EVENT_TYPE, envelope.type());

    if (!HandledEventTypes.isHandled(envelope.type())) {
      MDC.put(MDC_OUTCOME, "ignored");
      log.debug("Stripe event type not handled; acknowledged without enqueueing");
      return new WebhookResult.Received(envelope, false);
    }

    try {
      queue.enqueue(envelope, payload);
    } catch (QueueUnavailableException e) {
      MDC.put(MDC_OUTCOME, "queue_unavailable");
      log.error("Could not enqueue Stripe event; answering 500 so Stripe retries", e);
      return new WebhookResult.Failed(
          new ApiError(
              500, "queue_unavailable", "The event could not be queued; please retry later."));
    } catch (MessageRefusedException e) {
      // Permanent: the same bytes can never be queued, so no 5xx (no outage, no alarm, no retry
      // storm).
      MDC.put(MDC_OUTCOME, "refused_by_queue");
      log.error(
          "The event queue refuses this Stripe event for good ({}); not acknowledged",
          e.reason(),
          e);
      return new WebhookResult.Failed(
          e.reason() == MessageRefusedException.Reason.TOO_LARGE
              ? new ApiError(413, "payload_too_large", "The event is too large to be queued.")
              : ApiError.badRequest(
                  "invalid_event", "The event holds content the queue cannot store."));
    }
    MDC.put(MDC_OUTCOME, "enqueued");
    log.info("Stripe event enqueued");
    return new WebhookResult.Received(envelope, true);
  }

  private static WebhookResult reject(ApiError error, String reason) {
    MDC.put(MDC_OUTCOME, "rejected");
    log.warn("Webhook delivery rejected with {} {}: {}", error.status(), error.code(), reason);
    return new WebhookResult.Failed(error);
  }
}
