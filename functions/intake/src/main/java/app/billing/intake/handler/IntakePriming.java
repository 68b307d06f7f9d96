package app.billing.intake.handler;

import app.billing.core.config.StripeMode;
import app.billing.core.event.EventEnvelope;
import app.billing.core.event.EventEnvelopeReader;
import app.billing.core.port.EventQueue;
import app.billing.core.priming.Priming;
import app.billing.intake.IntakeOutcome;
import app.billing.intake.IntakeService;
import app.billing.priming.OfflineClients;
import app.billing.sqs.SqsEventQueue;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.ToNumberPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the intake's first event runs, run before the SnapStart snapshot on a canned EventBridge
 * event: the handler (map to JSON, envelope checks, Gson, the envelope reader) into a queue that
 * only captures, then the SQS SendMessage the adapter would make, marshalled and signed by a
 * separate client whose request is stopped before it is sent. Nothing leaves the process.
 */
final class IntakePriming implements Priming.Primer {
  static final String CANNED_EVENT = "priming/eventbridge-stripe-event.json";

  private final Optional<String> region;

  IntakePriming(Optional<String> region) {
    this.region = region;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void prime() throws Exception {
    String canned = canned();
    EventEnvelope[] received = new EventEnvelope[1];
    EventQueue capture = (envelope, body) -> received[0] = envelope;
    // The canned event's mode, so that the enqueue path runs too.
    IntakeHandler handler = new IntakeHandler(new IntakeService(capture, StripeMode.TEST));
    // Numbers as written, as Lambda's deserializer keeps them (Gson's default makes them doubles).
    Gson reader =
        new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LAZILY_PARSED_NUMBER).create();
    Map<String, Object> result = handler.handleRequest(reader.fromJson(canned, Map.class), null);
    if (!IntakeOutcome.Kind.ENQUEUED.wireName().equals(result.get("outcome"))) {
      throw new IllegalStateException("priming event was not enqueued: " + result);
    }
    String detail = reader.fromJson(canned, JsonObject.class).getAsJsonObject("detail").toString();
    try (SqsClient offline = OfflineClients.configure(SqsClient.builder(), region).build()) {
      new SqsEventQueue(
              offline,
              "https://sqs."
                  + region.filter(r -> !r.isBlank()).orElse("us-east-1")
                  + ".amazonaws.com/000000000000/priming.fifo")
          .enqueue(EventEnvelopeReader.read(detail), detail);
      throw new IllegalStateException("the priming SendMessage was not stopped");
    } catch (EventQueue.QueueUnavailableException e) {
      if (!OfflineClients.isStopped(e)) {
        throw e;
      }
    }
  }

  static String canned() throws IOException {
    try (InputStream in = IntakePriming.class.getClassLoader().getResourceAsStream(CANNED_EVENT)) {
      if (in == null) {
        throw new IOException("missing " + CANNED_EVENT);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
