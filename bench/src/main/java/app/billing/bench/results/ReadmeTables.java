package app.billing.bench.results;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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
public final class ReadmeTables extends ResultsReader {
  private static final Pattern BLOCK =
      Pattern.compile(
          "(<!-- generated:([a-z-]+) -->\\n)(.*?)(<!-- /generated:\\2 -->)", Pattern.DOTALL);

  ReadmeTables(JsonObject results, String file) {
    super(results, file);
  }

  String block(String name) {
    return switch (name) {
      case "run" -> run();
      case "ric" -> new ColdStartTables(r, file).ric();
      case "main-cold" -> new ColdStartTables(r, file).mainCold();
      case "latency" -> new LoadTables(r, file).latency();
      case "jmh" -> new JmhTables(r, file).jmh();
      case "throughput" -> new LoadTables(r, file).throughput();
      case "sizes" -> sizes();
      case "performance" -> new PerformanceParagraph(r, file).performance();
      default -> throw new IllegalArgumentException("unknown generated block " + name);
    };
  }

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
