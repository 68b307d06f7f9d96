package app.billing.bench.results;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code performance} paragraph of the top-level README: the headline figures of one run. */
final class PerformanceParagraph extends ResultsReader {
  PerformanceParagraph(JsonObject results, String file) {
    super(results, file);
  }

  String performance() {
    JsonObject m = r.getAsJsonObject("machine");
    StringBuilder p = new StringBuilder();
    p.append(
        String.format(
            Locale.ROOT,
            "Figures of one `bench/run.sh` run (%s, results file `%s`), on %s CPUs, %s, "
                + "with Lambda's Java flags (C1 only, serial GC) unless C2 is named, Node.js %s; load average %s at the "
                + "start and %s at the end (a shared machine: noisy figures, spreads in the bench README).",
            s(m, "date"),
            file,
            s(m, "cpus"),
            s(m, "java"),
            s(m, "node"),
            first(s(m, "load_average_at_start")),
            first(s(m, "load_average_at_end"))));
    if (r.has("ricColdStart")) {
      JsonObject ric = r.getAsJsonObject("ricColdStart");
      List<String> parts = new ArrayList<>();
      Map<String, Double> nodeFirst = new LinkedHashMap<>();
      for (JsonElement e : arr(ric, "summary")) {
        JsonObject g = e.getAsJsonObject();
        if ("node".equals(s(g, "runtime"))) {
          nodeFirst.put(s(g, "function"), median(g, "firstResponseMs"));
        }
      }
      for (JsonElement e : arr(ric, "summary")) {
        JsonObject g = e.getAsJsonObject();
        if ("java".equals(s(g, "runtime")) && "on-demand".equals(s(g, "mode"))) {
          String fn = s(g, "function");
          String twin = "";
          if (nodeFirst.containsKey(fn)) {
            JsonObject ratio = ric.getAsJsonObject("ratios").getAsJsonObject(fn);
            twin =
                String.format(
                    Locale.ROOT,
                    " (Node twin %.0f ms; Java/Node %.2f×, spread ±%.0f %%)",
                    nodeFirst.get(fn),
                    d(ratio, "medianRatio"),
                    d(ratio, "spreadPct"));
          }
          parts.add(
              String.format(Locale.ROOT, "%s %.0f ms%s", fn, median(g, "firstResponseMs"), twin));
        }
      }
      p.append(
              " Cold start under AWS's runtime interface client, JVM start → first response (median): ")
          .append(String.join(", ", parts))
          .append('.');
      for (JsonElement e : arr(ric, "summary")) {
        JsonObject g = e.getAsJsonObject();
        if ("webhook".equals(s(g, "function")) && g.has("primingMs")) {
          p.append(
              String.format(
                  Locale.ROOT,
                  " The webhook's SnapStart priming (`beforeCheckpoint`) takes %.0f ms "
                      + "and its first invoke after priming %.0f ms.",
                  median(g, "primingMs"),
                  median(g, "invokeMs")));
        }
      }
    }
    Map<String, Double> c2 = scores("jmhDefault");
    Map<String, Double> c1 = scores("jmhLambda");
    if (c2.containsKey("WebhookBenchmark.service") && c1.containsKey("WebhookBenchmark.service")) {
      Map<String, Double> c1err = errors("jmhLambda");
      Map<String, Double> c2err = errors("jmhDefault");
      String k = "WebhookBenchmark.service";
      boolean steady =
          c1err.getOrDefault(k, 0.0) <= c1.get(k) && c2err.getOrDefault(k, 0.0) <= c2.get(k);
      p.append(
          String.format(
              Locale.ROOT,
              " Warm cost of a 4 KB webhook event (verify, parse, route, JMH): "
                  + "%.1f ± %.1f µs under Lambda's C1 flags, %.1f ± %.1f µs with C2%s.",
              c1.get(k),
              c1err.getOrDefault(k, 0.0),
              c2.get(k),
              c2err.getOrDefault(k, 0.0),
              steady
                  ? ""
                  : " — **not a steady-state figure**: the error exceeds the score, the JIT could not finish under this load"));
    }
    if (r.has("openLoopLatency")) {
      List<String> rates = new ArrayList<>();
      Integer best = null;
      boolean gap = false;
      for (JsonElement e : arr(r.getAsJsonObject("openLoopLatency"), "phases")) {
        JsonObject ph = e.getAsJsonObject();
        if (s(ph, "name").startsWith("open-loop")) {
          double p99 = ph.getAsJsonObject("intended").get("p99").getAsLong() / 1000.0;
          rates.add(
              String.format(Locale.ROOT, "%.1f ms at %d/s", p99, ph.get("offeredRate").getAsInt()));
          if (p99 <= LoadTables.LATENCY_TARGET_MS && !gap) {
            best = ph.get("offeredRate").getAsInt();
          } else {
            gap = true;
          }
        }
      }
      p.append(
              " Webhook p99 latency from the intended send time (open loop, default JVM flags, in-process): ")
          .append(String.join(", ", rates))
          .append("; p99 ≤ 20 ms holds up to ")
          .append(best == null ? "none of these rates" : best + " events/s")
          .append('.');
    }
    p.append(
        " **Not measured here:** SnapStart restore (needs AWS; priming is timed, the restore is not), "
            + "network latency to AWS and Stripe, arm64 (the template's architecture).");
    return p.append('\n').toString();
  }
}
