package app.billing.local;

import app.billing.core.port.EventQueue;
import app.billing.http.ApiError;
import app.billing.intake.IntakeService;
import app.billing.intake.MalformedIntakeEventException;
import app.billing.intake.handler.IntakeHandler;
import app.billing.local.http.Exchanges;
import app.billing.local.http.LocalPage;
import app.billing.testkit.InvocationContext;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.ToNumberPolicy;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /_local/eventbridge}: replays a Stripe event through the EventBridge intake path, as
 * the rule on the Stripe partner event bus would deliver it. The body is a Stripe event (wrapped
 * here in the envelope EventBridge gives a snapshot event: {@code source} the partner event source,
 * {@code detail-type} the event type, the event in {@code detail}) or an envelope already (the
 * files of events/intake/). The intake function puts it on the same FIFO queue the webhook feeds;
 * provisioning takes it from there. Answers the function's result, 400 for what the function
 * refuses as malformed, 502 when the queue failed (EventBridge would retry).
 */
final class LocalEventBridge implements LocalPage {
  static final String PATH = "/_local/eventbridge";

  /** The stand-in's event destination, as EventBridge names its partner event source. */
  static final String SOURCE = IntakeService.STRIPE_SOURCE_PREFIX + "/ed_test_local_stand_in";

  private static final Logger log = LoggerFactory.getLogger(LocalEventBridge.class);

  /** Numbers as written, as Lambda's own deserializer hands them to the handler. */
  private static final Gson READER =
      new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LAZILY_PARSED_NUMBER).create();

  private final IntakeHandler intake;
  private final Clock clock;

  LocalEventBridge(IntakeHandler intake, Clock clock) {
    this.intake = intake;
    this.clock = clock;
  }

  @Override
  public boolean handle(HttpExchange exchange, String method, String path) throws IOException {
    if (!path.equals(PATH)) {
      return false;
    }
    if (!method.equals("POST")) {
      Exchanges.json(exchange, 405, new ApiError(405, "method_not_allowed", "POST only.").toJson());
      return true;
    }
    byte[] body = Exchanges.body(exchange);
    JsonObject event = body == null ? null : parse(new String(body, StandardCharsets.UTF_8));
    if (event == null) {
      Exchanges.json(
          exchange,
          400,
          ApiError.badRequest(
                  "invalid_body", "Expected a Stripe event, or an EventBridge event holding one.")
              .toJson());
      return true;
    }
    JsonObject envelope = event.has("detail") ? event : envelope(event);
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> input = READER.fromJson(envelope, Map.class);
      Map<String, Object> result =
          intake.handleRequest(
              input, new InvocationContext("intake", 512, java.time.Duration.ofSeconds(15)));
      Exchanges.json(exchange, 200, READER.toJson(result));
    } catch (MalformedIntakeEventException e) {
      Exchanges.json(
          exchange, 400, ApiError.badRequest("malformed_event", e.getMessage()).toJson());
    } catch (EventQueue.QueueUnavailableException | EventQueue.MessageRefusedException e) {
      log.warn("EventBridge replay not enqueued", e);
      Exchanges.json(
          exchange,
          502,
          new ApiError(502, "queue_failed", "The intake function failed: " + e.getMessage())
              .toJson());
    }
    return true;
  }

  /** The envelope EventBridge puts around a Stripe snapshot event. */
  JsonObject envelope(JsonObject stripeEvent) {
    JsonObject envelope = new JsonObject();
    envelope.addProperty("version", "0");
    envelope.addProperty("id", UUID.randomUUID().toString());
    JsonElement type = stripeEvent.get("type");
    envelope.add("detail-type", type);
    envelope.addProperty("source", SOURCE);
    envelope.addProperty("account", "000000000000");
    envelope.addProperty("time", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    envelope.addProperty("region", "us-east-1");
    envelope.add("resources", JsonParser.parseString("[]"));
    envelope.add("detail", stripeEvent);
    return envelope;
  }

  private static JsonObject parse(String json) {
    try {
      JsonElement element = JsonParser.parseString(json);
      return element.isJsonObject() ? element.getAsJsonObject() : null;
    } catch (JsonParseException e) {
      return null;
    }
  }
}
