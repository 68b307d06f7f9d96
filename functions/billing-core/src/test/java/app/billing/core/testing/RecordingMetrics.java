package app.billing.core.testing;

import app.billing.core.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Keeps every count, in order, for assertions. */
public final class RecordingMetrics implements Metrics {
  /** One count: a metric name and its dimensions. */
  public record Count(String name, Map<String, String> dimensions) {}

  private final List<Count> counts = new ArrayList<>();

  @Override
  public synchronized void count(String name, Map<String, String> dimensions) {
    counts.add(new Count(name, Map.copyOf(dimensions)));
  }

  public synchronized List<Count> counts() {
    return List.copyOf(counts);
  }

  /** How many counts of this name (any dimensions). */
  public synchronized long total(String name) {
    return counts.stream().filter(c -> c.name().equals(name)).count();
  }

  /** How many counts of this name whose dimensions include these. */
  public synchronized long total(String name, Map<String, String> dimensions) {
    return counts.stream()
        .filter(c -> c.name().equals(name))
        .filter(c -> c.dimensions().entrySet().containsAll(dimensions.entrySet()))
        .count();
  }
}
