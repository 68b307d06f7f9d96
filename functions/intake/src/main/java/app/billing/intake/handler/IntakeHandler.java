package app.billing.intake.handler;

import app.billing.core.log.LogKeys;
import app.billing.core.metrics.EmfMetrics;
import app.billing.core.metrics.MetricNames;
import app.billing.core.priming.Priming;
import app.billing.intake.IntakeOutcome;
import app.billing.intake.IntakeService;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * Target of the EventBridge rule on the Stripe partner event bus (template.yaml, {@code
 * IntakeFunction}). Thin: the event Lambda hands over (its JSON as a map) is written back as JSON
 * and {@link IntakeService} decides. A malformed event or a queue failure propagates, so the
 * invocation fails: Lambda retries it, then sends it to the intake DLQ.
 */
public final class IntakeHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  /** Nulls kept (Stripe's objects are full of them), nothing HTML-escaped. */
  private static final Gson GSON =
      new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

  private final IntakeService service;
  private final EmfMetrics metrics;

  /** Used by Lambda: the production service, built once per container from the environment. */
  public IntakeHandler() {
    // Built here, not in a static holder: a configuration error then reaches Lambda as itself.
    this(IntakeWiring.fromEnvironment(System.getenv(), Clock.systemUTC()));
    // SnapStart: warm the request path before the snapshot (no network, nothing enqueued).
    Priming.register("intake", new IntakePriming(Optional.ofNullable(System.getenv("AWS_REGION"))));
  }

  private IntakeHandler(IntakeHandler built) {
    this(built.service, built.metrics);
  }

  public IntakeHandler(IntakeService service) {
    this(service, EmfMetrics.discarding("intake"));
  }

  /**
   * @param metrics counts events of the other Stripe mode; flushed after each event
   */
  public IntakeHandler(IntakeService service, EmfMetrics metrics) {
    this.service = Objects.requireNonNull(service, "service");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    if (context != null && context.getAwsRequestId() != null) {
      MDC.put(LogKeys.AWS_REQUEST_ID, context.getAwsRequestId());
    }
    try {
      IntakeOutcome outcome = service.receive(event == null ? null : GSON.toJson(event));
      if (outcome.kind() == IntakeOutcome.Kind.OTHER_MODE) {
        metrics.count(MetricNames.OTHER_MODE_EVENTS_SKIPPED);
      }
      return result(outcome);
    } finally {
      metrics.flush();
      MDC.clear();
    }
  }

  /** The invocation's result: what became of the event. */
  static Map<String, Object> result(IntakeOutcome outcome) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("outcome", outcome.kind().wireName());
    result.put("eventId", outcome.eventId());
    result.put("eventType", outcome.type());
    return result;
  }
}
