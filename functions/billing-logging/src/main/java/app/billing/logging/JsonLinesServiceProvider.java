package app.billing.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The functions' SLF4J backend, found by SLF4J through {@code META-INF/services}: every log event is one
 * JSON object on one line of stdout, which Lambda sends to CloudWatch as it is (the functions' log format
 * is JSON, see template.yaml):
 *
 * <pre>{"timestamp":"2026-11-24T10:15:30.123Z","level":"INFO","logger":"app.billing.webhook.WebhookService",
 *  "message":"Stripe event enqueued","eventId":"evt_…","eventType":"…","outcome":"enqueued"}</pre>
 *
 * <p>MDC entries become top-level fields (sorted by key); an exception adds {@code error} (class name),
 * {@code errorMessage} and {@code stackTrace}. Levels: loggers under {@code app.billing} log from
 * {@code LOG_LEVEL} (default INFO), every other logger (AWS SDK, stripe-java, …) from WARN.
 *
 * <p>Why not log4j2: its start-up (configuration, plugins, the JSON template layout) loaded ~1,300
 * classes and cost 150-200 ms of each cold start (webhook 524 to 373 ms under Lambda's JVM flags, as
 * fast as no logging at all); this provider loads a handful, and the JSON encoding is Gson's, which every
 * function already loads. Tuning log4j2 (no JMX, no shutdown hook, a PatternLayout) saved nothing
 * measurable; slf4j-jdk14 with a JSON formatter was as fast but walks the stack for every event.
 * Measured with bench/run.sh ("levers").
 */
public final class JsonLinesServiceProvider implements SLF4JServiceProvider {
  /** The SLF4J API this provider is written against (checked by SLF4J at binding time). */
  private static final String REQUESTED_API_VERSION = "2.0.99";

  // SLF4J reads the marker factory and the MDC adapter before initialize(): created with the provider.
  private final IMarkerFactory markerFactory = new BasicMarkerFactory();
  private final ThreadLocalMdcAdapter mdcAdapter = new ThreadLocalMdcAdapter();
  private ILoggerFactory loggerFactory;

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return REQUESTED_API_VERSION;
  }

  @Override
  public void initialize() {
    LogLevels levels = LogLevels.parse(System.getenv(LogLevels.VARIABLE));
    JsonLineWriter writer = new JsonLineWriter(() -> System.out, System::currentTimeMillis, mdcAdapter);
    loggerFactory = new JsonLinesLoggerFactory(levels, writer);
    if (levels.unknownValue() != null) {
      loggerFactory.getLogger(JsonLinesServiceProvider.class.getName()).warn(
          "{}={} is not a level (TRACE, DEBUG, INFO, WARN, ERROR, FATAL); logging from INFO",
          LogLevels.VARIABLE, levels.unknownValue());
    }
  }
}
