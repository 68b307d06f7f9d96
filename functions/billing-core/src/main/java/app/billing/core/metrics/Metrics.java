package app.billing.core.metrics;

import java.util.Map;

/**
 * Counts what the functions did, for dashboards and alarms. Counts are buffered and written once
 * per invocation (or batch) by the handler; names are those of {@link MetricNames}.
 */
public interface Metrics {
  /** Counts nothing: for callers that do not report metrics. */
  Metrics NONE = (name, dimensions, amount) -> {};

  /** Adds {@code amount} to the metric with these dimensions (names to values; may be empty). */
  void count(String name, Map<String, String> dimensions, long amount);

  /** Adds one to the metric with these dimensions. */
  default void count(String name, Map<String, String> dimensions) {
    count(name, dimensions, 1);
  }

  /** Adds one to the metric without dimensions. */
  default void count(String name) {
    count(name, Map.of());
  }
}
