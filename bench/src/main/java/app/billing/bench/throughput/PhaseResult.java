package app.billing.bench.throughput;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one phase measured. Latencies in microseconds: {@code p50..max} are service times (the
 * handler call alone); {@code intended} is latency from each event's scheduled send time (paced
 * phases; for unpaced ones the same as the service time), which keeps the time an event waited
 * because the sender fell behind (coordinated omission).
 */
public record PhaseResult(
    String name,
    int events,
    int offeredRate,
    double sendSeconds,
    double endToEndSeconds,
    double eventsPerSecond,
    long applied,
    double acceptedPerSecond,
    Percentiles intended,
    long p50,
    long p90,
    long p99,
    long max,
    int webhookErrors,
    long failedBatchItems,
    long dynamoCalls,
    double dynamoSeconds,
    long stripeCalls,
    long stripeJournal,
    long sesCalls,
    Map<String, Integer> eventsByType,
    Map<String, Map<String, Long>> dynamoByType,
    Map<String, Map<String, Long>> stripeByType,
    Map<String, Long> sesByType,
    Map<String, Long> dynamoByStep,
    Map<String, Long> stripeByStep,
    long batches,
    long batchMessages,
    long batchGroups) {

  /** Latency percentiles in microseconds, from an HdrHistogram. */
  record Percentiles(long p50, long p90, long p99, long p999, long max, long count) {
    static Percentiles of(Histogram h) {
      return new Percentiles(
          h.getValueAtPercentile(50),
          h.getValueAtPercentile(90),
          h.getValueAtPercentile(99),
          h.getValueAtPercentile(99.9),
          h.getMaxValue(),
          h.getTotalCount());
    }
  }

  double dynamoPerEvent() {
    return (double) dynamoCalls / events;
  }

  double stripePerEvent() {
    return (double) stripeCalls / events;
  }

  /** Mean messages per SQS batch handed to provisioning. */
  double messagesPerBatch() {
    return batches == 0 ? 0 : (double) batchMessages / batches;
  }

  /** Mean distinct message groups (parallel lanes) per batch. */
  double groupsPerBatch() {
    return batches == 0 ? 0 : (double) batchGroups / batches;
  }
}
