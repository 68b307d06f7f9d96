package app.billing.bench.results;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cold-start blocks: under the runtime interface client ({@code ric}) and the {@code main}
 * harness.
 */
final class ColdStartTables extends ResultsReader {
  ColdStartTables(JsonObject results, String file) {
    super(results, file);
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
}
