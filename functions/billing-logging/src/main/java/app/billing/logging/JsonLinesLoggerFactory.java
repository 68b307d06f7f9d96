package app.billing.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** One {@link JsonLinesLogger} per name, its level fixed when it is created. */
final class JsonLinesLoggerFactory implements ILoggerFactory {
  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final LogLevels levels;
  private final JsonLineWriter writer;

  JsonLinesLoggerFactory(LogLevels levels, JsonLineWriter writer) {
    this.levels = levels;
    this.writer = writer;
  }

  @Override
  public Logger getLogger(String name) {
    return loggers.computeIfAbsent(name, n -> new JsonLinesLogger(n, levels.thresholdFor(n), writer));
  }
}
