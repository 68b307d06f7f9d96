package app.billing.bench.levers;

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
 * Bench lever only: logback-classic configured in code (found by logback through ServiceLoader, so no
 * logback.xml and no Joran at start-up), the set-up billing-logging is compared with. One ConsoleAppender
 * to stdout with logback's own JsonEncoder (no Jackson); loggers under app.billing at LOG_LEVEL (default
 * INFO), every other logger at WARN, as the functions log.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_TOP_PRIORITY)
public final class LogbackJsonConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
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

    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("stdout");
    console.setEncoder(encoder);
    console.start();

    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(console);
    context.getLogger("app.billing").setLevel(applicationLevel(System.getenv("LOG_LEVEL")));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  static Level applicationLevel(String value) {
    if (value == null || value.isBlank()) {
      return Level.INFO;
    }
    String name = value.strip().toUpperCase(Locale.ROOT);
    return switch (name) {
      case "FATAL" -> Level.ERROR;
      case "WARNING" -> Level.WARN;
      default -> Level.toLevel(name, Level.INFO);
    };
  }
}
