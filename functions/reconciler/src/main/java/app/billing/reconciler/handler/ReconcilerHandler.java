package app.billing.reconciler.handler;

import app.billing.core.log.LogKeys;
import app.billing.core.metrics.EmfMetrics;
import app.billing.core.metrics.MetricNames;
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
  private final EmfMetrics metrics;

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
    this(built.service, built.clock, built.metrics);
  }

  public ReconcilerHandler(ReconcilerService service, Clock clock) {
    this(service, clock, EmfMetrics.discarding("reconciler"));
  }

  /**
   * @param metrics counts the events put back on the queue; flushed at the end of each run
   */
  public ReconcilerHandler(ReconcilerService service, Clock clock, EmfMetrics metrics) {
    this.service = Objects.requireNonNull(service, "service");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    if (context != null && context.getAwsRequestId() != null) {
      MDC.put(LogKeys.AWS_REQUEST_ID, context.getAwsRequestId());
    }
    try {
      ReconcileReport report = service.run(deadline(context));
      metrics.count(MetricNames.EVENTS_RECONCILED, Map.of(), report.eventsEnqueued());
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
      metrics.flush();
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
    result.put(LogKeys.EVENTS_FOUND, report.eventsFound());
    if (report.undeliveredOnly()) {
      result.put(LogKeys.EVENTS_MISSING, report.eventsMissing());
    }
    result.put(LogKeys.EVENTS_ENQUEUED, report.eventsEnqueued());
    result.put(LogKeys.EVENTS_SKIPPED, report.eventsSkipped());
    result.put(LogKeys.PAGES, report.pages());
    result.put(LogKeys.WALK_FINISHED, report.walkFinished());
    result.put(LogKeys.WATERMARK, report.watermark());
    return result;
  }
}
