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
    // Verify the string Stripe signed (its UTF-8 bytes), never a re-serialized form of it.
    return verifyAndRoute(new String(body, StandardCharsets.UTF_8), signatureHeader);
  }

  /**
   * The same for a body that arrived as text (API Gateway passes a JSON body as a string, not
   * base64): Stripe signed its UTF-8 bytes, which the verifier derives from the string itself, so the
   * body is neither encoded nor decoded again on the way.
   *
   * @param body the request body as received, or null when absent
   * @param signatureHeader the {@code Stripe-Signature} header, or null when absent
   */
  public WebhookResult handleText(String body, String signatureHeader) {
    String payload = body == null ? "" : body;
    // A char is 1 to 3 UTF-8 bytes: only a body that might be over the limit is encoded to measure it.
    if (3L * payload.length() > maxBodyBytes) {
      int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > maxBodyBytes) {
        return tooLarge(bytes);
      }
    }
    WebhookResult refused = refuseEmptyOrUnsigned(payload.isEmpty(), signatureHeader);
    if (refused != null) {
      return refused;
    }
    return verifyAndRoute(payload, signatureHeader);
  }

  private WebhookResult tooLarge(int bytes) {
    return reject(new ApiError(413, "payload_too_large",
        "The request body is larger than " + maxBodyBytes + " bytes."),
        "body of " + bytes + " bytes is over the limit");
  }

  private static WebhookResult refuseEmptyOrUnsigned(boolean empty, String signatureHeader) {
    if (empty) {
      return reject(ApiError.badRequest("empty_body", "The request body is empty."), "empty body");
    }
    if (signatureHeader == null || signatureHeader.isBlank()) {
      return reject(ApiError.badRequest("missing_signature",
          "The Stripe-Signature header is missing."), "no Stripe-Signature header");
    }
    return null;
  }

  private WebhookResult verifyAndRoute(String payload, String signatureHeader) {
    StripeSignatureVerifier.Verdict verdict = verifier.verify(payload, signatureHeader);
    if (verdict != StripeSignatureVerifier.Verdict.VALID) {
      return reject(ApiError.badRequest("invalid_signature",
          "The Stripe-Signature header does not match the body, or is too old."),
          "signature " + verdict.name().toLowerCase());
    }

    EventEnvelope envelope;
    try {
      envelope = EventEnvelopeReader.read(payload);
    } catch (NotAStripeEventException e) {
      return reject(ApiError.badRequest("invalid_event", "The body is not a Stripe event."),
          "verified body is not an event: " + e.getMessage());
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
      return new WebhookResult.Failed(new ApiError(500, "queue_unavailable",
          "The event could not be queued; please retry later."));
    } catch (MessageRefusedException e) {
      // Permanent: the same bytes can never be queued, so no 5xx (no outage, no alarm, no retry storm).
      MDC.put(MDC_OUTCOME, "refused_by_queue");
      log.error("The event queue refuses this Stripe event for good ({}); not acknowledged", e.reason(), e);
      return new WebhookResult.Failed(e.reason() == MessageRefusedException.Reason.TOO_LARGE
          ? new ApiError(413, "payload_too_large", "The event is too large to be queued.")
          : ApiError.badRequest("invalid_event", "The event holds content the queue cannot store."));
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
