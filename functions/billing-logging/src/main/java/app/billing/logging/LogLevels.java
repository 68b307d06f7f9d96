package app.billing.logging;

import java.util.Locale;
import org.slf4j.event.Level;

/**
 * The thresholds the functions always had (their former log4j2.xml): loggers under {@code app.billing}
 * at {@code LOG_LEVEL} (default INFO), everything else (AWS SDK, stripe-java, …) at WARN.
 *
 * @param application threshold of the {@code app.billing} loggers
 * @param unknownValue the value of {@code LOG_LEVEL} when it named no level (then INFO is used), else null
 */
record LogLevels(Level application, String unknownValue) {
  /** The environment variable template.yaml sets from its ApplicationLogLevel parameter. */
  static final String VARIABLE = "LOG_LEVEL";
  static final String APPLICATION_LOGGERS = "app.billing";
  static final Level LIBRARIES = Level.WARN;

  /** {@code value}: TRACE, DEBUG, INFO, WARN, ERROR or FATAL (as ERROR; SLF4J has no FATAL), any case. */
  static LogLevels parse(String value) {
    if (value == null || value.isBlank()) {
      return new LogLevels(Level.INFO, null);
    }
    return switch (value.strip().toUpperCase(Locale.ROOT)) {
      case "TRACE" -> new LogLevels(Level.TRACE, null);
      case "DEBUG" -> new LogLevels(Level.DEBUG, null);
      case "INFO" -> new LogLevels(Level.INFO, null);
      case "WARN", "WARNING" -> new LogLevels(Level.WARN, null);
      case "ERROR", "FATAL" -> new LogLevels(Level.ERROR, null);
      default -> new LogLevels(Level.INFO, value);
    };
  }

  Level thresholdFor(String loggerName) {
    boolean application = loggerName.startsWith(APPLICATION_LOGGERS)
        && (loggerName.length() == APPLICATION_LOGGERS.length()
            || loggerName.charAt(APPLICATION_LOGGERS.length()) == '.');
    return application ? this.application : LIBRARIES;
  }
}
