package app.billing.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import org.slf4j.Logger;

/**
 * The functions' logging set-up, found by logback through {@code META-INF/services} (no
 * logback.xml, so no Joran parsing at start-up): every event is one JSON object on one line of
 * stdout, which Lambda sends to CloudWatch as it is (the functions' log format is JSON, see
 * template.yaml), written by logback's own {@link JsonEncoder}:
 *
 * <pre>{"timestamp":1795561184878,"level":"INFO","loggerName":"app.billing.webhook.WebhookService",
 *  "mdc": {"eventId":"evt_…","outcome":"enqueued","eventType":"…"},"formattedMessage":"Stripe event enqueued",
 *  "throwable":null}</pre>
 *
 * <p>{@code timestamp} is epoch milliseconds; an exception is {@code throwable} (className,
 * message, stepArray, cause). Levels: loggers under {@code app.billing} log from {@code LOG_LEVEL}
 * (default INFO), every other logger (AWS SDK, stripe-java, …) from WARN. While SnapStart priming
 * runs, only ERROR lines pass ({@link PrimingQuietFilter}).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_TOP_PRIORITY)
public final class JsonConsoleConfigurator extends ContextAwareBase implements Configurator {
  /** The environment variable template.yaml sets from its ApplicationLogLevel parameter. */
  static final String VARIABLE = "LOG_LEVEL";

  static final String APPLICATION_LOGGERS = "app.billing";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    configure(context, System.getenv(VARIABLE));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * @param logLevel the value of {@code LOG_LEVEL}, or null
   */
  void configure(LoggerContext context, String logLevel) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithThreadName(false);
    encoder.setWithContext(false);
    encoder.setWithArguments(false);
    encoder.setWithMessage(false); // the pattern; formattedMessage has the arguments filled in
    encoder.setWithFormattedMessage(true);
    encoder.start();

    ConsoleAppender<ILoggingEvent> console =
        new ConsoleAppender<>(); // System.out, looked up per write
    console.setContext(context);
    console.setName("stdout");
    console.setEncoder(encoder);
    console.start();

    PrimingQuietFilter quietWhilePriming = new PrimingQuietFilter();
    quietWhilePriming.setContext(context);
    quietWhilePriming.start();
    context.addTurboFilter(quietWhilePriming);

    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(console);
    Level application = applicationLevel(logLevel);
    context.getLogger(APPLICATION_LOGGERS).setLevel(application == null ? Level.INFO : application);
    if (application == null) {
      context
          .getLogger(JsonConsoleConfigurator.class)
          .warn(
              "{}={} is not a level (TRACE, DEBUG, INFO, WARN, ERROR, FATAL); logging from INFO",
              VARIABLE,
              logLevel);
    }
  }

  /**
   * {@code value}: TRACE, DEBUG, INFO, WARN, ERROR or FATAL (as ERROR), any case; INFO when unset
   * or blank; null when it names no level.
   */
  static Level applicationLevel(String value) {
    if (value == null || value.isBlank()) {
      return Level.INFO;
    }
    return switch (value.strip().toUpperCase(Locale.ROOT)) {
      case "TRACE" -> Level.TRACE;
      case "DEBUG" -> Level.DEBUG;
      case "INFO" -> Level.INFO;
      case "WARN", "WARNING" -> Level.WARN;
      case "ERROR", "FATAL" -> Level.ERROR;
      default -> null;
    };
  }
}
