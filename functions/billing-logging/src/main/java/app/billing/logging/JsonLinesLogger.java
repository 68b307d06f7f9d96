package app.billing.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger with a fixed threshold. {@link LegacyAbstractLogger} turns every SLF4J call into one
 * {@link #handleNormalizedLoggingCall} (a trailing Throwable argument already taken out of the arguments);
 * that formats the message and hands it to the {@link JsonLineWriter}.
 */
final class JsonLinesLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  private final int threshold;
  private final transient JsonLineWriter writer;

  JsonLinesLogger(String name, Level threshold, JsonLineWriter writer) {
    this.name = name;
    this.threshold = threshold.toInt();
    this.writer = writer;
  }

  @Override
  public boolean isTraceEnabled() {
    return threshold <= Level.TRACE.toInt();
  }

  @Override
  public boolean isDebugEnabled() {
    return threshold <= Level.DEBUG.toInt();
  }

  @Override
  public boolean isInfoEnabled() {
    return threshold <= Level.INFO.toInt();
  }

  @Override
  public boolean isWarnEnabled() {
    return threshold <= Level.WARN.toInt();
  }

  @Override
  public boolean isErrorEnabled() {
    return threshold <= Level.ERROR.toInt();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null; // no caller location in the output, so no stack walk per event
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
      Object[] arguments, Throwable throwable) {
    writer.write(level, name, MessageFormatter.basicArrayFormat(messagePattern, arguments), throwable);
  }
}
