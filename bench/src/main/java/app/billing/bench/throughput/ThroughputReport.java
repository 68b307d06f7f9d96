package app.billing.bench.throughput;

import app.billing.bench.Events;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The throughput run as Markdown: phases, open-loop latency, calls per event type and step. */
final class ThroughputReport {
  private ThroughputReport() {}

  static String markdown(Options options, List<PhaseResult> results) {
    StringBuilder md = new StringBuilder();
    md.append("## Throughput: webhook → SQS FIFO → provisioning (1 consumer) → DynamoDB — ")
        .append(groupsLabel(options))
        .append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%d sender threads calling WebhookHandler in-process; customers "
                + "replay the 19-event fixture story; dynalite, ElasticMQ, SES and Stripe stand-ins on loopback. "
                + "Message groups: %s.%n%n",
            options.senders(),
            groupsLabel(options)));
    md.append(
        "| phase | customers | events | offered/s | webhook accepted/s | events/s applied to DynamoDB | webhook p50 | p90 "
            + "| p99 | max | webhook errors | failed items | batches: messages / groups (lanes) per batch "
            + "| DynamoDB round trips/event | Stripe calls/event (journal) |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (PhaseResult r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %s | %.0f | %.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d "
                  + "| %d | %d: %.1f / %.1f | %.2f | %.2f (%d) |%n",
              r.name(),
              r.events() / Events.HANDLED_STORY.size(),
              r.events(),
              r.offeredRate() > 0 ? String.valueOf(r.offeredRate()) : "unpaced",
              r.events() / r.sendSeconds(),
              r.eventsPerSecond(),
              r.p50() / 1000.0,
              r.p90() / 1000.0,
              r.p99() / 1000.0,
              r.max() / 1000.0,
              r.webhookErrors(),
              r.failedBatchItems(),
              r.batches(),
              r.messagesPerBatch(),
              r.groupsPerBatch(),
              r.dynamoPerEvent(),
              r.stripePerEvent(),
              r.stripeJournal()));
    }
    List<PhaseResult> openLoop =
        results.stream().filter(r -> r.name().startsWith("open-loop")).toList();
    if (!openLoop.isEmpty()) {
      md.append("\n### Open-loop webhook latency (from each event's intended send time)\n\n");
      md.append(
          "| offered/s | events | accepted/s | p50 | p99 | p99.9 | max | service time p50 / p99 | applied/s "
              + "| errors |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (PhaseResult r : openLoop) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %d | %d | %.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms "
                    + "| %.1f / %.1f ms | %.0f | %d |%n",
                r.offeredRate(),
                r.events(),
                r.acceptedPerSecond(),
                r.intended().p50() / 1000.0,
                r.intended().p99() / 1000.0,
                r.intended().p999() / 1000.0,
                r.intended().max() / 1000.0,
                r.p50() / 1000.0,
                r.p99() / 1000.0,
                r.eventsPerSecond(),
                r.webhookErrors()));
      }
    }
    md.append(
        "\nDynamoDB time on the wire (request sent → answer read), per round trip and summed over all "
            + "round trips as a share of the end-to-end time of the phase (above 100 % when lanes overlap): ");
    md.append(
            results.stream()
                .map(
                    r ->
                        String.format(
                            Locale.ROOT,
                            "%s %.2f ms, %.0f%%",
                            r.name(),
                            1000.0 * r.dynamoSeconds() / Math.max(1, r.dynamoCalls()),
                            100.0 * r.dynamoSeconds() / r.endToEndSeconds()))
                .collect(Collectors.joining("; ")))
        .append(".\n");
    // The call counts describe the last closed phase (burst); open-loop phases only add latency.
    PhaseResult last =
        results.stream()
            .filter(r -> !r.name().startsWith("open-loop"))
            .reduce((x, y) -> y)
            .orElse(results.get(results.size() - 1));
    md.append("\n### Calls per event, by event type (").append(last.name()).append(" phase)\n\n");
    md.append(
        "| event type | events | DynamoDB round trips/event | by operation (per event) | Stripe calls/event "
            + "| SES sends/event |\n|---|---:|---:|---|---:|---:|\n");
    last.eventsByType()
        .forEach(
            (type, count) -> {
              Map<String, Long> ops = last.dynamoByType().getOrDefault(type, Map.of());
              long dynamoCalls = ops.values().stream().mapToLong(Long::longValue).sum();
              long stripeCalls =
                  last.stripeByType().getOrDefault(type, Map.of()).values().stream()
                      .mapToLong(Long::longValue)
                      .sum();
              String byOp =
                  ops.entrySet().stream()
                      .map(e -> e.getKey() + " " + fmt((double) e.getValue() / count))
                      .collect(Collectors.joining(", "));
              md.append(
                  String.format(
                      Locale.ROOT,
                      "| %s | %d | %.2f | %s | %.2f | %.2f |%n",
                      type,
                      count,
                      (double) dynamoCalls / count,
                      byOp,
                      (double) stripeCalls / count,
                      (double) last.sesByType().getOrDefault(type, 0L) / count));
            });
    Map<String, Map<String, Long>> unattributed = new LinkedHashMap<>();
    if (last.dynamoByType().containsKey(CallCounter.NO_EVENT)) {
      unattributed.put("DynamoDB", last.dynamoByType().get(CallCounter.NO_EVENT));
    }
    if (!unattributed.isEmpty()) {
      md.append("\nCalls outside any event (e.g. set-up): ").append(unattributed).append('\n');
    }
    md.append("\n### Calls per story step (")
        .append(last.name())
        .append(" phase, per customer)\n\n");
    md.append("| story step | DynamoDB round trips | Stripe calls |\n|---|---:|---:|\n");
    int customers = last.events() / Events.HANDLED_STORY.size();
    for (String step : Events.HANDLED_STORY) {
      String key = step.replace(".json", "");
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s |%n",
              key,
              fmt((double) last.dynamoByStep().getOrDefault(key, 0L) / customers),
              fmt((double) last.stripeByStep().getOrDefault(key, 0L) / customers)));
    }
    return md.toString();
  }

  static String groupsLabel(Options options) {
    return switch (options.groups()) {
      case 0 -> "one per customer (as the webhook sets them)";
      case 1 -> "every event in one group (single customer)";
      default -> options.groups() + " groups shared by the customers";
    };
  }

  private static String fmt(double value) {
    return value == Math.rint(value)
        ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
