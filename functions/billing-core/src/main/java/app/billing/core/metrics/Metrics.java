package app.billing.core.metrics;

import java.util.Map;

/**
 * Counts what the functions did, for dashboards and alarms. Counts are buffered and written once
 * per invocation (or batch) by the handler; names are those of {@link MetricNames}.
 */
public interface Metrics {
  /** Counts nothing: for callers that do not report metrics. */
  Metrics NONE = (name, dimensions) -> {};

  /** Adds one to the metric with these dimensions (names to values; may be empty). */
  void count(String name, Map<String, String> dimensions);

  /** Adds one to the metric without dimensions. */
  default void count(String name) {
    count(name, Map.of());
  }
}
