package app.billing.bench.coldstart;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pools the runs of several hyperfine rounds ({@code --export-json} files) per command and writes a
 * Markdown table: median, mean ± standard deviation, min, max, number of runs, and the Java/Node
 * ratio of medians for each {@code java-X} / {@code node-X} pair of command names (or, when a run
 * has a single Node command, of every Java command to it).
 *
 * <p>Arguments: the report file, then the hyperfine JSON files.
 */
public final class ColdStartReport {
  private ColdStartReport() {}

  /**
   * Times in ms; {@code cpu}: mean user + system CPU time per run (less sensitive to other load).
   */
  public record Stats(
      String command,
      int runs,
      double median,
      double mean,
      double stddev,
      double min,
      double max,
      double cpu) {}

  public static Map<String, Stats> pool(List<Path> files) throws IOException {
    Map<String, List<Double>> times = new LinkedHashMap<>();
    Map<String, Double> cpuSum = new LinkedHashMap<>();
    for (Path file : files) {
      JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
      for (JsonElement result : root.getAsJsonArray("results")) {
        JsonObject r = result.getAsJsonObject();
        List<Double> list =
            times.computeIfAbsent(r.get("command").getAsString(), k -> new ArrayList<>());
        r.getAsJsonArray("times").forEach(t -> list.add(t.getAsDouble() * 1000));
        if (r.has("user") && r.has("system")) {
          double runs = r.getAsJsonArray("times").size();
          cpuSum.merge(
              r.get("command").getAsString(),
              (r.get("user").getAsDouble() + r.get("system").getAsDouble()) * 1000 * runs,
              Double::sum);
        }
      }
    }
    Map<String, Stats> stats = new LinkedHashMap<>();
    times.forEach(
        (command, list) -> {
          double[] t = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
          double mean = Arrays.stream(t).average().orElse(0);
          double variance =
              Arrays.stream(t).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, t.length - 1);
          double median =
              t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
          stats.put(
              command,
              new Stats(
                  command,
                  t.length,
                  median,
                  mean,
                  Math.sqrt(variance),
                  t[0],
                  t[t.length - 1],
                  cpuSum.getOrDefault(command, 0.0) / t.length));
        });
    return stats;
  }

  static String markdown(Map<String, Stats> stats) {
    StringBuilder md = new StringBuilder();
    md.append(
        "| command | runs | median | mean ± σ | min | max | CPU (user+sys) mean |\n"
            + "|---|---:|---:|---:|---:|---:|---:|\n");
    stats
        .values()
        .forEach(
            s ->
                md.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %d | %.0f ms | %.0f ± %.0f ms | %.0f ms "
                            + "| %.0f ms | %.0f ms |%n",
                        s.command(),
                        s.runs(),
                        s.median(),
                        s.mean(),
                        s.stddev(),
                        s.min(),
                        s.max(),
                        s.cpu())));
    List<String> ratios = new ArrayList<>();
    List<Stats> nodes =
        stats.values().stream().filter(s -> s.command().startsWith("node-")).toList();
    stats.forEach(
        (command, s) -> {
          if (command.startsWith("java-")) {
            // Its own twin (java-X / node-X), else the only Node command of the run.
            Stats node =
                stats.getOrDefault(
                    "node-" + command.substring("java-".length()),
                    nodes.size() == 1 ? nodes.get(0) : null);
            if (node != null) {
              ratios.add(
                  String.format(
                      Locale.ROOT,
                      "| %s / %s | %.0f ms | %.0f ms | %.2f× |",
                      command,
                      node.command(),
                      s.median(),
                      node.median(),
                      s.median() / node.median()));
            }
          }
        });
    if (!ratios.isEmpty()) {
      md.append(
          "\n| Java / Node | Java median | Node median | Java/Node |\n|---|---:|---:|---:|\n");
      ratios.forEach(r -> md.append(r).append('\n'));
    }
    return md.toString();
  }

  public static void main(String[] args) throws IOException {
    List<Path> files = Arrays.stream(args).skip(1).map(Path::of).toList();
    String md = markdown(pool(files));
    Files.writeString(Path.of(args[0]), md);
    System.out.print(md);
  }
}
