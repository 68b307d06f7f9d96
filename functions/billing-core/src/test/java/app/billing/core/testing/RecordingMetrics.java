package app.billing.core.testing;

import app.billing.core.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Keeps every count, in order, for assertions. */
public final class RecordingMetrics implements Metrics {
  /** One count: a metric name, its dimensions and the amount added. */
  public record Count(String name, Map<String, String> dimensions, long amount) {}

  private final List<Count> counts = new ArrayList<>();

  @Override
  public synchronized void count(String name, Map<String, String> dimensions, long amount) {
    counts.add(new Count(name, Map.copyOf(dimensions), amount));
  }

  public synchronized List<Count> counts() {
    return List.copyOf(counts);
  }

  /** The sum of this metric (any dimensions). */
  public synchronized long total(String name) {
    return total(name, Map.of());
  }

  /** The sum of this metric over the counts whose dimensions include these. */
  public synchronized long total(String name, Map<String, String> dimensions) {
    return counts.stream()
        .filter(c -> c.name().equals(name))
        .filter(c -> c.dimensions().entrySet().containsAll(dimensions.entrySet()))
        .mapToLong(Count::amount)
        .sum();
  }
}
