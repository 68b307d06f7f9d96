package app.billing.core.metrics;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Buffers counts and writes them as CloudWatch Embedded Metric Format lines on {@link #flush()}.
 *
 * <p>EMF takes a dimension's value from the line's top-level key of that name, so one line can only
 * hold one value per dimension: counts are grouped by their dimension values and each group is one
 * line (an invocation with no dimensioned counts, or one set of values, writes one line). Every
 * metric is also published under {@code Service} alone, which is what the alarms watch.
 */
public final class EmfMetrics implements Metrics {
  private static final Gson GSON = new Gson();

  private final String namespace;
  private final String service;
  private final Clock clock;
  private final Consumer<String> sink;

  /** Dimension values (sorted by name) → metric name → count, in first-counted order. */
  private final Map<Map<String, String>, Map<String, Long>> counts = new LinkedHashMap<>();

  public EmfMetrics(String namespace, String service, Clock clock, Consumer<String> sink) {
    this.namespace = requireText(namespace, "namespace");
    this.service = requireText(service, "service");
    this.clock = Objects.requireNonNull(clock);
    this.sink = Objects.requireNonNull(sink);
  }

  /** The template's {@code MetricsNamespace} parameter reaches every function as this variable. */
  public static final String NAMESPACE_ENV = "METRICS_NAMESPACE";

  public static final String DEFAULT_NAMESPACE = "StripeBilling";

  /** Lines go to standard output, where Lambda sends them to CloudWatch Logs. */
  public static EmfMetrics toStdout(String namespace, String service) {
    return new EmfMetrics(namespace, service, Clock.systemUTC(), System.out::println);
  }

  /** Writes nothing: for handlers built without metrics (tests, other wiring). */
  public static EmfMetrics discarding(String service) {
    return new EmfMetrics(DEFAULT_NAMESPACE, service, Clock.systemUTC(), line -> {});
  }

  /** To standard output, in the namespace {@link #NAMESPACE_ENV} names (default StripeWrites). */
  public static EmfMetrics fromEnvironment(Map<String, String> env, String service) {
    return toStdout(namespace(env), service);
  }

  static String namespace(Map<String, String> env) {
    String namespace = env.get(NAMESPACE_ENV);
    return namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace.strip();
  }

  @Override
  public synchronized void count(String name, Map<String, String> dimensions, long amount) {
    Map<String, String> key = new TreeMap<>(dimensions);
    counts.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(name, amount, Long::sum);
  }

  /** Writes the buffered counts (nothing when there are none) and starts afresh. */
  public synchronized void flush() {
    long timestamp = clock.millis();
    for (Map.Entry<Map<String, String>, Map<String, Long>> group : counts.entrySet()) {
      sink.accept(GSON.toJson(line(timestamp, group.getKey(), group.getValue())));
    }
    counts.clear();
  }

  private JsonObject line(
      long timestamp, Map<String, String> dimensions, Map<String, Long> values) {
    JsonArray rollup = new JsonArray();
    rollup.add(MetricNames.SERVICE);
    JsonArray dimensionSets = new JsonArray();
    dimensionSets.add(rollup);
    if (!dimensions.isEmpty()) {
      JsonArray full = rollup.deepCopy();
      dimensions.keySet().forEach(full::add);
      dimensionSets.add(full);
    }
    JsonArray metrics = new JsonArray();
    for (String name : values.keySet()) {
      JsonObject metric = new JsonObject();
      metric.addProperty("Name", name);
      metric.addProperty("Unit", "Count");
      metrics.add(metric);
    }
    JsonObject directive = new JsonObject();
    directive.addProperty("Namespace", namespace);
    directive.add("Dimensions", dimensionSets);
    directive.add("Metrics", metrics);
    JsonArray directives = new JsonArray();
    directives.add(directive);
    JsonObject aws = new JsonObject();
    aws.addProperty("Timestamp", timestamp);
    aws.add("CloudWatchMetrics", directives);

    JsonObject line = new JsonObject();
    line.add("_aws", aws);
    line.addProperty(MetricNames.SERVICE, service);
    dimensions.forEach(line::addProperty);
    values.forEach(line::addProperty);
    return line;
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("metrics " + what + " must not be blank");
    }
    return value;
  }
}
