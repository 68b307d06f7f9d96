package app.billing.bench.results;

import app.billing.bench.coldstart.ColdStartReport;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Gathers one {@code bench/run.sh} run into a single machine-readable file: when and where it ran
 * ({@code machine.txt}), the machine's load at the start and end of every section ({@code
 * sections.tsv}), and every figure the sections wrote (RIC and {@code main} cold starts, JMH,
 * open-loop latency, throughput, jar sizes). {@link ReadmeTables} renders the READMEs' tables from
 * this file only.
 *
 * <p>Arguments: the results folder of the run ({@code bench/target/results}), the output file.
 */
public final class ResultsFile {
  private ResultsFile() {}

  public static JsonObject collect(Path dir, Path repoRoot) throws IOException {
    JsonObject root = new JsonObject();
    root.addProperty("schema", 1);
    JsonObject machine = new JsonObject();
    for (String line : Files.readAllLines(dir.resolve("machine.txt"))) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        machine.addProperty(
            line.substring(0, colon).replace(' ', '_'), line.substring(colon + 2).strip());
      }
    }
    root.add("machine", machine);
    JsonArray sections = new JsonArray();
    Path tsv = dir.resolve("sections.tsv");
    if (Files.exists(tsv)) {
      for (String line : Files.readAllLines(tsv)) {
        String[] f = line.split("\t");
        if (f.length == 5) {
          JsonObject s = new JsonObject();
          s.addProperty("section", f[0]);
          s.addProperty("start", f[1]);
          s.addProperty("end", f[2]);
          s.addProperty("loadAtStart", f[3]);
          s.addProperty("loadAtEnd", f[4]);
          sections.add(s);
        }
      }
    }
    root.add("sections", sections);
    readJson(dir.resolve("ric-cold-start.json"), root, "ricColdStart");
    List<Path> rounds = list(dir, "cold-round");
    if (!rounds.isEmpty()) {
      root.add("mainColdStart", new Gson().toJsonTree(ColdStartReport.pool(rounds).values()));
    }
    for (String flags : List.of("default", "lambda")) {
      Path jmh = dir.resolve("jmh-" + flags + ".json");
      if (Files.exists(jmh)) {
        JsonArray out = new JsonArray();
        JsonElement all = JsonParser.parseString(Files.readString(jmh));
        if (!all.isJsonArray()) {
          System.err.println("skipped " + jmh + ": not a finished JMH result");
          continue;
        }
        for (JsonElement e : all.getAsJsonArray()) {
          JsonObject b = e.getAsJsonObject();
          JsonObject r = new JsonObject();
          String name = b.get("benchmark").getAsString();
          r.addProperty(
              "benchmark", name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1));
          if (b.has("params")) {
            r.add("params", b.get("params"));
          }
          JsonObject metric = b.getAsJsonObject("primaryMetric");
          r.addProperty("score", metric.get("score").getAsDouble());
          r.addProperty(
              "error",
              metric.get("scoreError").isJsonPrimitive()
                      && !metric.get("scoreError").getAsString().equals("NaN")
                  ? metric.get("scoreError").getAsDouble()
                  : 0);
          r.addProperty("unit", metric.get("scoreUnit").getAsString());
          r.addProperty(
              "jvmArgs", String.join(" ", new Gson().fromJson(b.get("jvmArgs"), String[].class)));
          out.add(r);
        }
        root.add("jmh" + Character.toUpperCase(flags.charAt(0)) + flags.substring(1), out);
      }
    }
    readJson(dir.resolve("latency.json"), root, "openLoopLatency");
    readJson(dir.resolve("throughput.json"), root, "throughput");
    JsonArray sizes = new JsonArray();
    try (Stream<Path> jars = Files.list(repoRoot.resolve("functions"))) {
      for (Path fn : jars.sorted().toList()) {
        Path jar = fn.resolve("target").resolve(fn.getFileName() + "-function.jar");
        if (Files.exists(jar)) {
          JsonObject s = new JsonObject();
          s.addProperty("jar", jar.getFileName().toString());
          s.addProperty("bytes", Files.size(jar));
          sizes.add(s);
        }
      }
    }
    root.add("jarSizes", sizes);
    return root;
  }

  private static void readJson(Path file, JsonObject root, String name) throws IOException {
    if (Files.exists(file)) {
      root.add(name, JsonParser.parseString(Files.readString(file)));
    }
  }

  private static List<Path> list(Path dir, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(
              p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".json"))
          .sorted()
          .toList();
    }
  }

  public static void main(String[] args) throws IOException {
    JsonObject results = collect(Path.of(args[0]), Path.of("."));
    Gson gson = new GsonBuilder().setPrettyPrinting().create();
    Path out = Path.of(args[1]);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, gson.toJson(results) + "\n");
    System.err.println("results: " + out);
  }
}
