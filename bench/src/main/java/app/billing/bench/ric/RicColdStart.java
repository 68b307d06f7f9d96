package app.billing.bench.ric;

import app.billing.bench.Engines;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold starts as Lambda runs them: each function's deployment jar unpacked as the task root (the
 * working directory, which the runtime client's class loader reads, like {@code /var/task}), a
 * fresh JVM with Lambda's java21 flags running AWS's runtime interface client ({@code AWSLambda})
 * with only the client's jars on the classpath, against {@link MockRuntimeApi} on loopback. From
 * the moment the process is started: <b>init</b> (the runtime first asks for work), <b>first
 * response</b> (the answer to the one event is posted). In {@code snap-start} mode ({@code
 * AWS_LAMBDA_INITIALIZATION_TYPE}) the client runs the CRaC {@code beforeCheckpoint} hooks after
 * init, i.e. each function's priming; the primer's own log line gives its duration, {@code
 * /restore/next} marks init + priming, and the first invoke after it shows what priming saves the
 * first request (no snapshot is taken or restored: this JVM cannot, so restore time is not
 * measured).
 *
 * <p>The Node twins (webhook, checkout) run under {@code node-twin/runtime.js}, a minimal runtime
 * loop against the same mock, right after their Java run (A B A B), so each pair shares the
 * machine's state of the moment; the Java/Node ratio is the median of per-pair ratios. Blocks of
 * {@code runs} runs of every function (on-demand, and snap-start when asked) repeat {@code
 * minBlocks} times; further blocks (at most {@code maxBlocks} in all) repeat only the on-demand
 * Java/Node pairs, until every block median of a ratio is within ±{@code spread}% of its overall
 * median.
 *
 * <p>Arguments ({@code name=value}): {@code env=} engines.env file (from {@link Engines#main}),
 * {@code out=} results JSON, {@code work=} folder for task roots and logs, {@code runs=5}, {@code
 * minBlocks=3}, {@code maxBlocks=6}, {@code spread=5}, {@code functions=} comma list (default all
 * six), {@code snapStart=true}, {@code checkoutTenant=100} (first checkout tenant used). Runs from
 * the repository root; needs {@code bench/target/ric/} (copied at build) and the function jars.
 */
public final class RicColdStart {
  static final List<String> FUNCTIONS =
      List.of("webhook", "provisioning", "authorizer", "checkout", "portal", "account");
  static final List<String> NODE_TWINS = List.of("webhook", "checkout");

  /** Lambda's java21 managed runtime flags (see bench/README.md, "What is measured"). */
  static final List<String> LAMBDA_JVM =
      List.of(
          "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

  /** Makes org.crac (the functions' priming registration) use the runtime client's CRaC context. */
  static final String CRAC_COMPAT = "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac";

  static final String AWS_LAMBDA = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  private static final Pattern PRIMED =
      Pattern.compile("primed \\w+ for the snapshot in (\\d+) ms");

  /** One cold start. Times in ms from process start; {@code primingMs} -1 when not logged. */
  public record Sample(
      String function,
      String runtime,
      String mode,
      int block,
      int run,
      double initMs,
      double firstResponseMs,
      double invokeMs,
      long primingMs) {}

  private final Path work;
  private final RicProcesses processes;
  private final RicEvents events;
  private final Map<String, Integer> counters = new HashMap<>();

  public RicColdStart(Path root, Path work, Map<String, String> engineEnv, int checkoutTenant) {
    this.work = work.toAbsolutePath();
    this.processes = new RicProcesses(root.toAbsolutePath(), this.work, engineEnv);
    this.events = new RicEvents(checkoutTenant);
  }

  // --- one run ---

  /** Starts one process under the mock Runtime API, waits for its first response, ends it. */
  public Sample measure(String function, String runtime, String mode, int block, int run)
      throws Exception {
    int n = counters.merge(function, 1, Integer::sum) - 1;
    String event = events.event(function, n);
    Path log =
        work.resolve("logs")
            .resolve(function + "-" + runtime + "-" + mode + "-" + block + "-" + run + ".log");
    Files.createDirectories(log.getParent());
    try (MockRuntimeApi api = new MockRuntimeApi(event)) {
      ProcessBuilder builder =
          "java".equals(runtime)
              ? processes.javaProcess(function, mode)
              : processes.nodeProcess(function);
      builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      long start = System.nanoTime();
      Process process = builder.start();
      MockRuntimeApi.Timeline t;
      try {
        t = api.done().get(120, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(
            function
                + " ("
                + runtime
                + ", "
                + mode
                + ") failed: "
                + e.getMessage()
                + "\n"
                + tail(log),
            e);
      } finally {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
      RicEvents.check(function, t.responseBody, log);
      long initEnd = "snap-start".equals(mode) ? t.restoreNext : t.firstNext;
      if (initEnd == 0) {
        throw new IllegalStateException(
            function
                + " "
                + mode
                + ": the runtime never asked for "
                + ("snap-start".equals(mode) ? "/restore/next" : "work")
                + "\n"
                + tail(log));
      }
      return new Sample(
          function,
          runtime,
          mode,
          block,
          run,
          ms(initEnd - start),
          ms(t.response - start),
          ms(t.response - t.firstNext),
          priming(log));
    }
  }

  private static long priming(Path log) throws IOException {
    Matcher m = PRIMED.matcher(Files.readString(log));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static double ms(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }

  // --- the whole section ---

  /** The section's samples and what they give, as written to the results JSON. */
  public record Result(
      List<Sample> samples,
      int blocks,
      double spreadTargetPct,
      Map<String, Object> ratios,
      List<Map<String, Object>> summary) {}

  public Result run(
      List<String> functions,
      int runs,
      int minBlocks,
      int maxBlocks,
      double spreadPct,
      boolean snapStart)
      throws Exception {
    List<Sample> samples = new ArrayList<>();
    int block = 0;
    Map<String, Object> ratios;
    do {
      block++;
      // Blocks beyond the minimum repeat only the Java/Node pairs, whose ratio they are for.
      List<String> these =
          block <= minBlocks ? functions : functions.stream().filter(NODE_TWINS::contains).toList();
      for (int i = 0; i < runs; i++) {
        for (String fn : these) {
          samples.add(log(measure(fn, "java", "on-demand", block, i)));
          if (NODE_TWINS.contains(fn)) {
            samples.add(log(measure(fn, "node", "on-demand", block, i)));
          }
          if (snapStart && block <= minBlocks) {
            samples.add(log(measure(fn, "java", "snap-start", block, i)));
          }
        }
      }
      ratios = RicStats.ratios(samples, functions, spreadPct);
    } while (block < maxBlocks
        && (block < minBlocks || !Boolean.TRUE.equals(ratios.get("allWithinSpread"))));
    return new Result(samples, block, spreadPct, ratios, RicStats.summary(samples));
  }

  private static Sample log(Sample s) {
    System.err.printf(
        Locale.ROOT,
        "RIC %s %s %s block %d run %d: init %.0f ms, first response %.0f ms%s%n",
        s.function(),
        s.runtime(),
        s.mode(),
        s.block(),
        s.run(),
        s.initMs(),
        s.firstResponseMs(),
        s.primingMs() >= 0 ? ", priming " + s.primingMs() + " ms" : "");
    return s;
  }

  /** {@code export NAME='value'} lines, as {@link Engines#main} writes them. */
  static Map<String, String> readEnvFile(Path file) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      Matcher m = Pattern.compile("^export ([A-Za-z_][A-Za-z0-9_]*)='(.*)'$").matcher(line);
      if (m.matches()) {
        env.put(m.group(1), m.group(2));
      }
    }
    return env;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("expected name=value, got " + arg);
      }
      a.put(kv[0], kv[1]);
    }
    Map<String, String> env =
        readEnvFile(Path.of(a.getOrDefault("env", "bench/target/run/engines.env")));
    RicColdStart bench =
        new RicColdStart(
            Path.of("."),
            Path.of(a.getOrDefault("work", "bench/target/run/ric")),
            env,
            Integer.parseInt(a.getOrDefault("checkoutTenant", "100")));
    List<String> functions =
        a.containsKey("functions") ? Arrays.asList(a.get("functions").split(",")) : FUNCTIONS;
    Result result =
        bench.run(
            functions,
            Integer.parseInt(a.getOrDefault("runs", "5")),
            Integer.parseInt(a.getOrDefault("minBlocks", "3")),
            Integer.parseInt(a.getOrDefault("maxBlocks", "6")),
            Double.parseDouble(a.getOrDefault("spread", "5")),
            Boolean.parseBoolean(a.getOrDefault("snapStart", "true")));
    Gson gson = new GsonBuilder().setPrettyPrinting().create();
    Path out = Path.of(a.getOrDefault("out", "bench/target/results/ric-cold-start.json"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, gson.toJson(result));
    System.err.println(
        "RIC cold starts: "
            + result.samples().size()
            + " runs in "
            + result.blocks()
            + " block(s); ratios "
            + result.ratios()
            + " -> "
            + out);
  }
}
