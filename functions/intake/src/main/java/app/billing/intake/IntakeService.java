package app.billing.intake;

import app.billing.core.config.StripeMode;
import app.billing.core.event.EventEnvelope;
import app.billing.core.event.EventEnvelopeReader;
import app.billing.core.event.HandledEventTypes;
import app.billing.core.event.NotAStripeEventException;
import app.billing.core.log.LogKeys;
import app.billing.core.port.EventQueue;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Takes one event Stripe delivered through Amazon EventBridge (an event destination of type {@code
 * amazon_eventbridge}, snapshot payload: the Stripe event is the {@code detail}) and puts the
 * Stripe event on the event queue exactly as the webhook does: the event's JSON as the message
 * body, grouped by customer and deduplicated by event id ({@link EventQueue}), so provisioning
 * cannot tell the two paths apart. Mode and type checks are the webhook's. No AWS types here.
 *
 * <p>A malformed event throws {@link MalformedIntakeEventException}, and a queue failure throws
 * what the queue threw: the invocation fails, so Lambda retries it and then hands it to the
 * function's on-failure destination (the intake DLQ) instead of losing it.
 */
public final class IntakeService {
  private static final Logger log = LoggerFactory.getLogger(IntakeService.class);

  /** What EventBridge names a Stripe partner event source: this prefix and the destination id. */
  public static final String STRIPE_SOURCE_PREFIX = "aws.partner/stripe.com";

  /** EventBridge's own limit for one event; anything larger did not come through it. */
  public static final int MAX_EVENT_BYTES = 262_144;

  private final EventQueue queue;
  private final StripeMode mode;

  public IntakeService(EventQueue queue, StripeMode mode) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.mode = Objects.requireNonNull(mode, "mode");
  }

  /**
   * @param eventBridgeEvent the EventBridge event as JSON (envelope with {@code source}, {@code
   *     detail-type} and {@code detail})
   * @throws MalformedIntakeEventException when it is not a Stripe event from a Stripe source
   * @throws EventQueue.QueueUnavailableException when the queue cannot take it now
   * @throws EventQueue.MessageRefusedException when the queue can never take it
   */
  public IntakeOutcome receive(String eventBridgeEvent) {
    if (eventBridgeEvent == null || eventBridgeEvent.isEmpty()) {
      throw malformed("empty event");
    }
    int bytes = eventBridgeEvent.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_EVENT_BYTES) {
      throw malformed("event of " + bytes + " bytes is over EventBridge's " + MAX_EVENT_BYTES);
    }
    JsonObject root = object(eventBridgeEvent);
    String source = string(root, "source");
    if (source == null || !source.startsWith(STRIPE_SOURCE_PREFIX)) {
      throw malformed("source is not a Stripe partner event source (" + STRIPE_SOURCE_PREFIX + ")");
    }
    String detailType = string(root, "detail-type");
    if (!(root.get("detail") instanceof JsonObject detail)) {
      throw malformed("no detail object");
    }
    // Compact JSON of the Stripe event: numbers as written, nulls kept, nothing HTML-escaped.
    String payload = detail.toString();
    EventEnvelope envelope;
    try {
      envelope = EventEnvelopeReader.read(payload);
    } catch (NotAStripeEventException e) {
      throw malformed("detail is not a valid Stripe event: " + e.getMessage());
    }
    MDC.put(LogKeys.EVENT_ID, envelope.id());
    MDC.put(LogKeys.EVENT_TYPE, envelope.type());
    if (!envelope.type().equals(detailType)) {
      throw malformed("detail-type does not match the Stripe event's type");
    }
    if (!mode.accepts(envelope.livemode())) {
      MDC.put(LogKeys.OUTCOME, "other_mode");
      log.atWarn()
          .addKeyValue(LogKeys.EVENT_LIVEMODE, envelope.livemode())
          .addKeyValue(LogKeys.STRIPE_MODE, mode.wireName())
          .addKeyValue(LogKeys.OTHER_MODE_EVENTS, 1)
          .log("Stripe event of the other mode from EventBridge; dropped");
      return outcome(IntakeOutcome.Kind.OTHER_MODE, envelope);
    }
    if (!HandledEventTypes.isHandled(envelope.type())) {
      MDC.put(LogKeys.OUTCOME, "ignored");
      log.debug("Stripe event type not handled; dropped");
      return outcome(IntakeOutcome.Kind.IGNORED, envelope);
    }
    queue.enqueue(envelope, payload);
    MDC.put(LogKeys.OUTCOME, "enqueued");
    log.info("Stripe event from EventBridge enqueued");
    return outcome(IntakeOutcome.Kind.ENQUEUED, envelope);
  }

  private static IntakeOutcome outcome(IntakeOutcome.Kind kind, EventEnvelope envelope) {
    return new IntakeOutcome(kind, envelope.id(), envelope.type());
  }

  private static JsonObject object(String json) {
    JsonElement root;
    try {
      root = JsonParser.parseString(json);
    } catch (JsonParseException | NumberFormatException e) {
      throw malformed("not valid JSON");
    }
    if (!(root instanceof JsonObject object)) {
      throw malformed("not a JSON object");
    }
    return object;
  }

  private static String string(JsonObject object, String member) {
    JsonElement value = object.get(member);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
        ? value.getAsString()
        : null;
  }

  private static MalformedIntakeEventException malformed(String reason) {
    MDC.put(LogKeys.OUTCOME, "rejected");
    log.error("EventBridge event rejected, nothing enqueued: {}", reason);
    return new MalformedIntakeEventException("Not a Stripe event from EventBridge: " + reason);
  }
}
