package app.billing.bench.results;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The load blocks: open-loop webhook {@code latency} and pipeline {@code throughput}. */
final class LoadTables extends ResultsReader {
  /**
   * The webhook's p99 target from the intended send time; the blocks name the highest rate within
   * it.
   */
  static final double LATENCY_TARGET_MS = 20;

  LoadTables(JsonObject results, String file) {
    super(results, file);
  }

  String latency() {
    if (!r.has("openLoopLatency")) {
      return notMeasured("open-loop latency");
    }
    JsonObject lat = r.getAsJsonObject("openLoopLatency");
    StringBuilder md = new StringBuilder();
    md.append(
        "| offered/s | events | accepted/s | p50 | p99 | p99.9 | max | service time p50 / p99 "
            + "| applied to DynamoDB/s | webhook errors |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    Integer best = null;
    boolean gap = false;
    for (JsonElement e : arr(lat, "phases")) {
      JsonObject p = e.getAsJsonObject();
      if (!s(p, "name").startsWith("open-loop")) {
        continue;
      }
      JsonObject i = p.getAsJsonObject("intended");
      int rate = p.get("offeredRate").getAsInt();
      double p99 = i.get("p99").getAsLong() / 1000.0;
      if (p99 <= LATENCY_TARGET_MS && !gap) {
        best = rate;
      } else {
        gap = true;
      }
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %.0f | %.1f ms | **%.1f ms** | %.1f ms | %.1f ms | %.1f / %.1f ms "
                  + "| %.0f | %d |%n",
              rate,
              p.get("events").getAsInt(),
              d(p, "acceptedPerSecond"),
              i.get("p50").getAsLong() / 1000.0,
              p99,
              i.get("p999").getAsLong() / 1000.0,
              i.get("max").getAsLong() / 1000.0,
              p.get("p50").getAsLong() / 1000.0,
              p.get("p99").getAsLong() / 1000.0,
              d(p, "eventsPerSecond"),
              p.get("webhookErrors").getAsInt()));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%n**Highest offered rate with p99 ≤ %.0f ms (from the intended send time): %s.**%n",
            LATENCY_TARGET_MS,
            best == null ? "none of the rates measured" : best + " events/s"));
    return md.toString();
  }

  String throughput() {
    if (!r.has("throughput")) {
      return notMeasured("throughput");
    }
    StringBuilder md =
        new StringBuilder(
            "| phase | events | webhook accepted/s | applied to DynamoDB/s (end to end) "
                + "| service time p50 / p99 | DynamoDB round trips/event | Stripe calls/event | failed items |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (JsonElement e : arr(r.getAsJsonObject("throughput"), "phases")) {
      JsonObject p = e.getAsJsonObject();
      int events = p.get("events").getAsInt();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.0f | %.0f | %.1f / %.1f ms | %.2f | %.2f | %d |%n",
              s(p, "name"),
              events,
              d(p, "acceptedPerSecond"),
              d(p, "eventsPerSecond"),
              p.get("p50").getAsLong() / 1000.0,
              p.get("p99").getAsLong() / 1000.0,
              (double) p.get("dynamoCalls").getAsLong() / events,
              (double) p.get("stripeCalls").getAsLong() / events,
              p.get("failedBatchItems").getAsLong()));
    }
    JsonObject last = null;
    for (JsonElement e : arr(r.getAsJsonObject("throughput"), "phases")) {
      last = e.getAsJsonObject();
    }
    if (last != null && last.has("eventsByType")) {
      md.append("\nCalls per event by type (")
          .append(s(last, "name"))
          .append(
              " phase; the batch's `BatchWriteItem` "
                  + "runs outside any event and is only in the mean above):\n\n| event type | events | DynamoDB round trips/event "
                  + "| by operation | Stripe calls/event | SES sends/event |\n|---|---:|---:|---|---:|---:|\n");
      JsonObject dynamo = last.getAsJsonObject("dynamoByType");
      JsonObject stripe = last.getAsJsonObject("stripeByType");
      JsonObject ses = last.getAsJsonObject("sesByType");
      for (var t : last.getAsJsonObject("eventsByType").entrySet()) {
        int count = t.getValue().getAsInt();
        JsonObject ops =
            dynamo.has(t.getKey()) ? dynamo.getAsJsonObject(t.getKey()) : new JsonObject();
        long dynamoCalls = ops.entrySet().stream().mapToLong(o -> o.getValue().getAsLong()).sum();
        List<String> byOp = new ArrayList<>();
        ops.entrySet()
            .forEach(
                o ->
                    byOp.add(
                        String.format(
                            Locale.ROOT,
                            "%s %.2f",
                            o.getKey(),
                            o.getValue().getAsDouble() / count)));
        long stripeCalls =
            stripe.has(t.getKey())
                ? stripe.getAsJsonObject(t.getKey()).entrySet().stream()
                    .mapToLong(o -> o.getValue().getAsLong())
                    .sum()
                : 0;
        long sesCalls = ses.has(t.getKey()) ? ses.get(t.getKey()).getAsLong() : 0;
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %.2f | %s | %.2f | %.2f |%n",
                t.getKey(),
                count,
                (double) dynamoCalls / count,
                String.join(", ", byOp),
                (double) stripeCalls / count,
                (double) sesCalls / count));
      }
    }
    return md.toString();
  }
}
