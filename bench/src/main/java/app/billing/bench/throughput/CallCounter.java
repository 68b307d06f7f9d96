package app.billing.bench.throughput;

import app.billing.core.log.LogKeys;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.MDC;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts calls by event (type and story step) and by operation. As an AWS SDK interceptor it counts
 * every HTTP round trip (each attempt, retries included); {@link #count} serves other call sites.
 * Calls are attributed through the MDC that provisioning sets ({@code eventType}, {@code eventId})
 * on the consumer thread: sync SDK clients run interceptors on the caller's thread.
 */
final class CallCounter implements ExecutionInterceptor {
  static final String NO_EVENT = "(outside an event)";

  /** Event id to the story step it is a copy of. */
  private final Map<String, String> steps;

  private final Map<String, LongAdder> byTypeAndOperation = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byStep = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();
  private final LongAdder nanos = new LongAdder();
  private static final ExecutionAttribute<Long> STARTED =
      new ExecutionAttribute<>("bench.transmissionStarted");

  CallCounter(Map<String, String> steps) {
    this.steps = steps;
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    count(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    attributes.putAttribute(STARTED, System.nanoTime());
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    Long started = attributes.getAttribute(STARTED);
    if (started != null) {
      nanos.add(System.nanoTime() - started);
    }
  }

  /** Time spent on the wire (request sent to response headers read), all calls, in seconds. */
  double seconds() {
    return nanos.sum() / 1e9;
  }

  void count(String operation) {
    String type = MDC.get(LogKeys.EVENT_TYPE);
    String eventId = MDC.get(LogKeys.EVENT_ID);
    String step = eventId == null ? null : steps.get(eventId);
    byTypeAndOperation
        .computeIfAbsent((type == null ? NO_EVENT : type) + "|" + operation, k -> new LongAdder())
        .increment();
    byStep.computeIfAbsent(step == null ? NO_EVENT : step, k -> new LongAdder()).increment();
    total.increment();
  }

  void reset() {
    byTypeAndOperation.clear();
    byStep.clear();
    total.reset();
    nanos.reset();
  }

  long total() {
    return total.sum();
  }

  /** Calls by event type, then by operation. */
  Map<String, Map<String, Long>> byType() {
    Map<String, Map<String, Long>> result = new TreeMap<>();
    byTypeAndOperation.forEach(
        (key, count) -> {
          String[] parts = key.split("\\|", 2);
          result.computeIfAbsent(parts[0], k -> new TreeMap<>()).put(parts[1], count.sum());
        });
    return result;
  }

  long forType(String type) {
    return byType().getOrDefault(type, Map.of()).values().stream().mapToLong(Long::longValue).sum();
  }

  Map<String, Long> byStep() {
    Map<String, Long> result = new TreeMap<>();
    byStep.forEach((step, count) -> result.put(step, count.sum()));
    return result;
  }
}
