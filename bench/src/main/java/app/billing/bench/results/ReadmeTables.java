package app.billing.bench.results;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the figures of one results file ({@link ResultsFile}) into the READMEs, between markers
 * {@code <!-- generated:NAME -->} and {@code <!-- /generated:NAME -->}, so no figure in them can
 * drift from the run it came from. Blocks: {@code run}, {@code ric}, {@code main-cold}, {@code
 * latency}, {@code jmh}, {@code throughput}, {@code sizes} (bench/README.md) and {@code
 * performance} (README.md). A block whose section the run did not measure says so.
 *
 * <p>Arguments: the results file, then the Markdown files to update.
 */
public final class ReadmeTables {
  private static final Pattern BLOCK =
      Pattern.compile(
          "(<!-- generated:([a-z-]+) -->\\n)(.*?)(<!-- /generated:\\2 -->)", Pattern.DOTALL);
  static final double LATENCY_TARGET_MS = 20;
  static final double SPREAD_TARGET_PCT = 5;

  private final JsonObject r;
  private final String file;

  ReadmeTables(JsonObject results, String file) {
    this.r = results;
    this.file = file;
  }

  String block(String name) {
    return switch (name) {
      case "run" -> run();
      case "ric" -> ric();
      case "main-cold" -> mainCold();
      case "latency" -> latency();
      case "jmh" -> jmh();
      case "throughput" -> throughput();
      case "sizes" -> sizes();
      case "performance" -> performance();
      default -> throw new IllegalArgumentException("unknown generated block " + name);
    };
  }

  // --- blocks ---

  String run() {
    JsonObject m = r.getAsJsonObject("machine");
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "One `bench/run.sh` run, %s to %s, results file [`%s`](%s). "
                + "Machine: %s CPUs, %s RAM; %s; Node.js %s. **Load average (1/5/15 min): %s at the start, %s at the "
                + "end** — the machine was shared with other builds and tests while this ran, so every figure "
                + "below is noisy (spreads are given with the figures).%n%n",
            s(m, "date"),
            s(m, "end"),
            file,
            file.replace("bench/", ""),
            s(m, "cpus"),
            s(m, "memory"),
            s(m, "java"),
            s(m, "node"),
            s(m, "load_average_at_start"),
            s(m, "load_average_at_end")));
    md.append("Section settings: ").append(s(m, "section_args")).append(".\n\n");
    md.append("| section | start | end | load at start | load at end |\n|---|---|---|---|---|\n");
    for (JsonElement e : arr(r, "sections")) {
      JsonObject sec = e.getAsJsonObject();
      md.append(
          String.format(
              "| %s | %s | %s | %s | %s |%n",
              s(sec, "section"),
              s(sec, "start"),
              s(sec, "end"),
              s(sec, "loadAtStart"),
              s(sec, "loadAtEnd")));
    }
    return md.toString();
  }

  String ric() {
    if (!r.has("ricColdStart")) {
      return notMeasured("cold starts under the runtime interface client");
    }
    JsonObject ric = r.getAsJsonObject("ricColdStart");
    StringBuilder md = new StringBuilder();
    md.append(
        "Times from process start, median (p25–p75) over the runs. *Init*: the runtime first asks for "
            + "work (`/invocation/next`; in `snap-start` mode `/restore/next`, i.e. after init **and** the "
            + "`beforeCheckpoint` priming). *First response*: the answer to the one event is posted. *Invoke*: "
            + "first `/invocation/next` → response. *Priming*: the primer's own duration, logged inside "
            + "`beforeCheckpoint`.\n\n");
    md.append(
        "| function | runtime | mode | runs | init | first response | invoke | priming |\n"
            + "|---|---|---|---:|---:|---:|---:|---:|\n");
    for (JsonElement e : arr(ric, "summary")) {
      JsonObject g = e.getAsJsonObject();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d | %s | %s | %s | %s |%n",
              s(g, "function"),
              "java".equals(s(g, "runtime")) ? "Java (RIC)" : "Node (runtime.js)",
              s(g, "mode"),
              g.get("runs").getAsInt(),
              range(g.getAsJsonObject("initMs")),
              range(g.getAsJsonObject("firstResponseMs")),
              range(g.getAsJsonObject("invokeMs")),
              g.has("primingMs") ? range(g.getAsJsonObject("primingMs")) : "—"));
    }
    JsonObject ratios = ric.getAsJsonObject("ratios");
    md.append(
        "\n| Java / Node twin (first response, on-demand) | pairs | median of per-pair ratios | p25–p75 "
            + "| block medians | spread (largest block median vs. median) | within ±5 %? |\n"
            + "|---|---:|---:|---:|---|---:|:--:|\n");
    ratios
        .entrySet()
        .forEach(
            e -> {
              if (e.getValue().isJsonObject()) {
                JsonObject x = e.getValue().getAsJsonObject();
                List<String> blocks = new ArrayList<>();
                x.getAsJsonArray("blockMedians")
                    .forEach(b -> blocks.add(String.format(Locale.ROOT, "%.2f", b.getAsDouble())));
                md.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %d | **%.2f×** | %.2f–%.2f | %s | ±%.1f %% | %s |%n",
                        e.getKey(),
                        x.get("pairs").getAsInt(),
                        d(x, "medianRatio"),
                        d(x, "p25Ratio"),
                        d(x, "p75Ratio"),
                        String.join(", ", blocks),
                        d(x, "spreadPct"),
                        x.get("withinSpread").getAsBoolean() ? "yes" : "**no**"));
              }
            });
    int blocks = ric.get("blocks").getAsInt();
    boolean all = ratios.get("allWithinSpread").getAsBoolean();
    md.append(
        String.format(
            Locale.ROOT,
            "%nThe cold section ran %d block(s) of A B pairs; %s%n",
            blocks,
            all
                ? "every ratio's block medians were within ±5 % of its median."
                : "**the ±5 % spread was not reached** within the bounded number of blocks: the ratios above are "
                    + "only as good as the spread they show."));
    return md.toString();
  }

  String mainCold() {
    if (!r.has("mainColdStart")) {
      return notMeasured("the `main` cold-start harness");
    }
    StringBuilder md =
        new StringBuilder(
            "| command | runs | median | mean ± σ | min | max | CPU (user+sys) mean |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
    Map<String, JsonObject> byName = new LinkedHashMap<>();
    for (JsonElement e : arr(r, "mainColdStart")) {
      JsonObject c = e.getAsJsonObject();
      byName.put(s(c, "command"), c);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.0f ms | %.0f ± %.0f ms | %.0f ms | %.0f ms | %.0f ms |%n",
              s(c, "command"),
              c.get("runs").getAsInt(),
              d(c, "median"),
              d(c, "mean"),
              d(c, "stddev"),
              d(c, "min"),
              d(c, "max"),
              d(c, "cpu")));
    }
    byName.forEach(
        (name, c) -> {
          JsonObject node = byName.get(name.replace("java-", "node-"));
          if (name.startsWith("java-") && node != null) {
            md.append(
                String.format(
                    Locale.ROOT,
                    "%n%s / %s: %.2f× (ratio of medians; these runs are not paired).",
                    name,
                    s(node, "command"),
                    d(c, "median") / d(node, "median")));
          }
        });
    return md.append('\n').toString();
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

  String jmh() {
    if (!r.has("jmhDefault") && !r.has("jmhLambda")) {
      return notMeasured("JMH");
    }
    Map<String, Double> c2 = scores("jmhDefault");
    Map<String, Double> c1 = scores("jmhLambda");
    Map<String, Double> c2err = errors("jmhDefault");
    Map<String, Double> c1err = errors("jmhLambda");
    Function<String, String> both =
        key -> fmt(c2.get(key), c2err.get(key)) + " | " + fmt(c1.get(key), c1err.get(key));
    StringBuilder md = new StringBuilder();
    md.append(
        "Average time per operation (µs), ± JMH's 99.9 % error; C2 = default JVM flags, C1 = Lambda's "
            + "flags (`-XX:TieredStopAtLevel=1 -XX:+UseSerialGC`).\n\n");
    md.append(
        "**One email, by kind** (`EmailBenchmark`): render subject + text + HTML; render and send through "
            + "`SesEmailSender` and the SES v2 SDK client answered in memory.\n\n");
    md.append(
        "| kind | compose C2 | compose C1 | compose + send C2 | compose + send C1 |\n|---|---:|---:|---:|---:|\n");
    keys(c2, c1, "EmailBenchmark.compose[")
        .forEach(
            k -> {
              String kind = k.substring(k.indexOf('[') + 1, k.length() - 1);
              String send = "EmailBenchmark.composeAndSend[" + kind + "]";
              md.append(
                  String.format(
                      "| %s | %s | %s | %s | %s |%n",
                      kind,
                      fmt(c2.get(k), c2err.get(k)),
                      fmt(c1.get(k), c1err.get(k)),
                      fmt(c2.get(send), c2err.get(send)),
                      fmt(c1.get(send), c1err.get(send))));
            });
    md.append(
        "\n**Provisioning, one event** (`ProvisioningBenchmark.apply`, store and Stripe stubbed, fresh ids "
            + "every call so no guard is warm): `guarded` = every email already sent, `compose` = claimed, rendered and "
            + "sent.\n\n");
    md.append(
        "| event | emails it sends | guarded C2 | compose C2 | compose − guarded C2 | guarded C1 | compose C1 "
            + "| compose − guarded C1 |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
    keys(c2, c1, "ProvisioningBenchmark.apply[").stream()
        .filter(k -> k.endsWith(", guarded]"))
        .forEach(
            k -> {
              String event = k.substring(k.indexOf('[') + 1, k.indexOf(", guarded]"));
              String compose = "ProvisioningBenchmark.apply[" + event + ", compose]";
              md.append(
                  String.format(
                      "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
                      event.replace(".json", ""),
                      app.billing.bench.jmh.ProvisioningBenchmark.EMAILS_SENT.getOrDefault(
                          event, "?"),
                      fmt(c2.get(k), c2err.get(k)),
                      fmt(c2.get(compose), c2err.get(compose)),
                      diff(c2.get(compose), c2.get(k)),
                      fmt(c1.get(k), c1err.get(k)),
                      fmt(c1.get(compose), c1err.get(compose)),
                      diff(c1.get(compose), c1.get(k))));
            });
    md.append("\n**Webhook** (`WebhookBenchmark`)\n\n| benchmark | C2 | C1 |\n|---|---:|---:|\n");
    for (String k :
        List.of("WebhookBenchmark.service", "WebhookBenchmark.handlerWithSqsMarshalling")) {
      md.append("| `").append(k).append("` | ").append(both.apply(k)).append(" |\n");
    }
    int pairs = 0;
    int slower = 0;
    for (Map<String, Double> set : List.of(c2, c1)) {
      for (String k : set.keySet()) {
        String compose = k.replace(", guarded]", ", compose]");
        if (k.endsWith(", guarded]") && set.containsKey(compose)) {
          pairs++;
          slower += set.get(compose) > set.get(k) ? 1 : 0;
        }
      }
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nThe composed path was slower than the guarded one in %d of %d "
                + "event × flags pairs.%n",
            slower,
            pairs));
    int total = c2.size() + c1.size();
    long unsteady = unsteady(c2, c2err) + unsteady(c1, c1err);
    md.append(
        String.format(
            Locale.ROOT,
            "%n%d of the %d results above have a 99.9 %% error larger than the score "
                + "itself%s%n",
            unsteady,
            total,
            unsteady == 0
                ? "."
                : ": **those iterations had not reached a steady state** "
                    + "(the JIT compiler threads competed with the other work on the machine), so they are not warm-cost "
                    + "figures and must not be quoted as such; this run cannot give the steady-state cost of composing "
                    + "an email."));
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

  String sizes() {
    StringBuilder md = new StringBuilder("| deployment jar | bytes | MiB |\n|---|---:|---:|\n");
    for (JsonElement e : arr(r, "jarSizes")) {
      JsonObject j = e.getAsJsonObject();
      long bytes = j.get("bytes").getAsLong();
      md.append(
          String.format(
              Locale.ROOT, "| %s | %,d | %.1f |%n", s(j, "jar"), bytes, bytes / 1048576.0));
    }
    return md.toString();
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
          if (p99 <= LATENCY_TARGET_MS && !gap) {
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

  // --- helpers ---

  private static long unsteady(Map<String, Double> scores, Map<String, Double> errors) {
    return scores.entrySet().stream()
        .filter(e -> errors.getOrDefault(e.getKey(), 0.0) > e.getValue())
        .count();
  }

  private Map<String, Double> scores(String set) {
    return metric(set, "score");
  }

  private Map<String, Double> errors(String set) {
    return metric(set, "error");
  }

  private Map<String, Double> metric(String set, String field) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (r.has(set)) {
      for (JsonElement e : r.getAsJsonArray(set)) {
        JsonObject b = e.getAsJsonObject();
        String key = s(b, "benchmark");
        if (b.has("params")) {
          List<String> params = new ArrayList<>();
          b.getAsJsonObject("params").entrySet().stream()
              .sorted(
                  Map.Entry.comparingByKey(
                      java.util.Comparator.comparing(k -> k.equals("emails") ? 1 : 0)))
              .forEach(p -> params.add(p.getValue().getAsString()));
          key += "[" + String.join(", ", params) + "]";
        }
        out.put(key, b.get(field).getAsDouble());
      }
    }
    return out;
  }

  private static List<String> keys(Map<String, Double> a, Map<String, Double> b, String prefix) {
    List<String> keys = new ArrayList<>();
    for (String k : a.keySet()) {
      if (k.startsWith(prefix) && !keys.contains(k)) {
        keys.add(k);
      }
    }
    for (String k : b.keySet()) {
      if (k.startsWith(prefix) && !keys.contains(k)) {
        keys.add(k);
      }
    }
    return keys;
  }

  private static String fmt(Double score, Double error) {
    if (score == null) {
      return "—";
    }
    return error == null || error == 0
        ? String.format(Locale.ROOT, "%.1f", score)
        : String.format(Locale.ROOT, "%.1f ± %.1f", score, error);
  }

  private static String diff(Double a, Double b) {
    return a == null || b == null ? "—" : String.format(Locale.ROOT, "%+.1f", a - b);
  }

  private static String range(JsonObject stats) {
    return String.format(
        Locale.ROOT, "%.0f ms (%.0f–%.0f)", d(stats, "median"), d(stats, "p25"), d(stats, "p75"));
  }

  private static double median(JsonObject group, String field) {
    return d(group.getAsJsonObject(field), "median");
  }

  private static String notMeasured(String what) {
    return "Not measured in this run (" + what + ").\n";
  }

  private static String first(String load) {
    return load.split("[ ,]+")[0];
  }

  private static String s(JsonObject o, String field) {
    return o != null && o.has(field) && !o.get(field).isJsonNull()
        ? o.get(field).getAsString()
        : "?";
  }

  private static double d(JsonObject o, String field) {
    return o.get(field).getAsDouble();
  }

  private static JsonArray arr(JsonObject o, String field) {
    return Optional.ofNullable(o)
        .filter(x -> x.has(field))
        .map(x -> x.getAsJsonArray(field))
        .orElse(new JsonArray());
  }

  /** Replaces every generated block of {@code markdown}; unknown block names fail. */
  String render(String markdown) {
    Matcher m = BLOCK.matcher(markdown);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(m.group(1) + block(m.group(2)) + m.group(4)));
    }
    m.appendTail(out);
    return out.toString();
  }

  public static void main(String[] args) throws IOException {
    Path results = Path.of(args[0]);
    ReadmeTables tables =
        new ReadmeTables(
            JsonParser.parseString(Files.readString(results)).getAsJsonObject(),
            results.toString().replace('\\', '/'));
    for (int i = 1; i < args.length; i++) {
      Path md = Path.of(args[i]);
      Files.writeString(md, tables.render(Files.readString(md)));
      System.err.println("tables of " + results + " written into " + md);
    }
  }
}
