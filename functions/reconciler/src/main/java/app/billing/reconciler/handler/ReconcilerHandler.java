package app.billing.reconciler.handler;

import app.billing.core.priming.Priming;
import app.billing.core.reconcile.ReconcileReport;
import app.billing.core.reconcile.ReconcilerService;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Run by an EventBridge Scheduler schedule (template.yaml, {@code ReconcilerSchedule}); the input
 * is ignored. Thin: gives the service a deadline inside the invocation's remaining time, logs the
 * report as MDC fields ({@code eventsMissing} is the count of events Stripe could not deliver that
 * went back on the queue) and returns it. A failure propagates, so Lambda counts an error (alarm)
 * and the next run resumes from the stored checkpoint.
 */
public final class ReconcilerHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private static final Logger log = LoggerFactory.getLogger(ReconcilerHandler.class);

  /**
   * Left of the invocation's time when the last page starts: one page plus its enqueues fits in it.
   */
  static final Duration SAFETY_MARGIN = Duration.ofSeconds(30);

  /** When there is no Lambda context (tests, the local stack). */
  static final Duration DEFAULT_BUDGET = Duration.ofMinutes(4);

  private final ReconcilerService service;
  private final Clock clock;

  /** Used by Lambda: the production service, built once per container from the environment. */
  public ReconcilerHandler() {
    // Built here, not in a static holder: a configuration error then reaches Lambda as itself
    // (errorMessage "Invalid configuration: ..."), not as a message-less
    // ExceptionInInitializerError.
    this(ReconcilerWiring.fromEnvironment(System.getenv(), Clock.systemUTC()));
    Priming.register(
        "reconciler", new ReconcilerPriming(Optional.ofNullable(System.getenv("AWS_REGION"))));
  }

  private ReconcilerHandler(ReconcilerHandler built) {
    this(built.service, built.clock);
  }

  public ReconcilerHandler(ReconcilerService service, Clock clock) {
    this.service = Objects.requireNonNull(service, "service");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    if (context != null && context.getAwsRequestId() != null) {
      MDC.put("awsRequestId", context.getAwsRequestId());
    }
    try {
      ReconcileReport report = service.run(deadline(context));
      Map<String, Object> result = toMap(report);
      result.forEach((key, value) -> MDC.put(key, String.valueOf(value)));
      log.info(
          "reconciled Stripe events: {} found{}, {} enqueued over {} pages",
          report.eventsFound(),
          report.undeliveredOnly() ? " undelivered" : "",
          report.eventsEnqueued(),
          report.pages());
      return result;
    } finally {
      MDC.clear();
    }
  }

  private Instant deadline(Context context) {
    Instant now = clock.instant();
    if (context == null || context.getRemainingTimeInMillis() <= 0) {
      return now.plus(DEFAULT_BUDGET);
    }
    Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN);
    return now.plus(left.isNegative() ? Duration.ZERO : left);
  }

  /** The report as the invocation's result and log fields (one name each, as in the README). */
  public static Map<String, Object> toMap(ReconcileReport report) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("eventsFound", report.eventsFound());
    if (report.undeliveredOnly()) {
      result.put("eventsMissing", report.eventsMissing());
    }
    result.put("eventsEnqueued", report.eventsEnqueued());
    result.put("eventsSkipped", report.eventsSkipped());
    result.put("pages", report.pages());
    result.put("walkFinished", report.walkFinished());
    result.put("watermark", report.watermark());
    return result;
  }
}
