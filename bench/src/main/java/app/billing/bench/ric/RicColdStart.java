package app.billing.bench.ric;

import app.billing.bench.Engines;
import app.billing.bench.Events;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

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

  private final Path root;
  private final Path work;
  private final Map<String, String> engineEnv;
  private final Map<String, Integer> counters = new HashMap<>();
  private final int checkoutTenant;

  public RicColdStart(Path root, Path work, Map<String, String> engineEnv, int checkoutTenant) {
    this.root = root.toAbsolutePath();
    this.work = work.toAbsolutePath();
    this.engineEnv = engineEnv;
    this.checkoutTenant = checkoutTenant;
  }

  // --- one run ---

  /** Starts one process under the mock Runtime API, waits for its first response, ends it. */
  public Sample measure(String function, String runtime, String mode, int block, int run)
      throws Exception {
    int n = counters.merge(function, 1, Integer::sum) - 1;
    String event = event(function, n);
    Path log =
        work.resolve("logs")
            .resolve(function + "-" + runtime + "-" + mode + "-" + block + "-" + run + ".log");
    Files.createDirectories(log.getParent());
    try (MockRuntimeApi api = new MockRuntimeApi(event)) {
      ProcessBuilder builder =
          "java".equals(runtime) ? javaProcess(function, mode) : nodeProcess(function);
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
      check(function, t.responseBody, log);
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

  private ProcessBuilder javaProcess(String function, String mode) throws IOException {
    Path task = taskRoot(function);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(LAMBDA_JVM);
    command.add(CRAC_COMPAT);
    command.add("-cp");
    command.add(root.resolve("bench/target/ric").toString() + "/*");
    command.add(AWS_LAMBDA);
    command.add(handler(function));
    ProcessBuilder builder = new ProcessBuilder(command).directory(task.toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(engineEnv);
    env.put("LAMBDA_TASK_ROOT", task.toString());
    env.put("_HANDLER", handler(function));
    env.put("AWS_LAMBDA_FUNCTION_NAME", "bench-" + function);
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/bench-" + function);
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", "bench");
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", mode);
    env.put("LOG_LEVEL", "INFO");
    return builder;
  }

  private ProcessBuilder nodeProcess(String function) {
    ProcessBuilder builder =
        new ProcessBuilder(
                Optional.ofNullable(System.getenv("NODE_BIN")).orElse("node"),
                root.resolve("bench/node-twin/runtime.js").toString(),
                root.resolve("bench/node-twin/" + function + ".js").toString())
            .directory(root.toFile());
    Map<String, String> env = builder.environment();
    String path = env.get("PATH");
    env.clear();
    env.putAll(engineEnv);
    if (path != null) {
      env.put("PATH", path);
    }
    env.put("AWS_LAMBDA_FUNCTION_NAME", "bench-" + function);
    return builder;
  }

  static String handler(String function) {
    String cls = Character.toUpperCase(function.charAt(0)) + function.substring(1);
    return "app.billing." + function + ".handler." + cls + "Handler::handleRequest";
  }

  /** The deployment jar unpacked, as Lambda unpacks the package into {@code /var/task}. */
  private Path taskRoot(String function) throws IOException {
    Path jar = root.resolve("functions/" + function + "/target/" + function + "-function.jar");
    Path task = work.resolve("task-" + function);
    Path stamp = task.resolve(".unpacked-from");
    String jarStamp = Files.getLastModifiedTime(jar) + " " + Files.size(jar);
    if (Files.exists(stamp) && Files.readString(stamp).equals(jarStamp)) {
      return task;
    }
    deleteTree(task);
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (var entry : java.util.Collections.list(zip.entries())) {
        Path target = task.resolve(entry.getName()).normalize();
        if (!target.startsWith(task)) {
          throw new IOException("entry outside the task root: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, target);
          }
        }
      }
    }
    Files.writeString(stamp, jarStamp);
    return task;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  // --- events: the events/ files, made fresh per run ---

  String event(String function, int n) {
    return switch (function) {
      case "webhook" -> {
        String body = Events.forCustomer(Events.story(Events.FOUR_KB_EVENT), 700_000 + n);
        JsonObject e = lambdaEvent("webhook/signed-checkout.session.completed.json");
        e.addProperty("body", body);
        e.addProperty("isBase64Encoded", false);
        e.getAsJsonObject("headers").addProperty("stripe-signature", Events.sign(body));
        yield e.toString();
      }
      case "provisioning" -> {
        // The same event each run with a fresh id (a new event, not a redelivery), as the main
        // harness.
        String body =
            Events.story("14-customer.subscription.updated.json")
                .replaceFirst("\"id\": \"evt_", "\"id\": \"evt_r" + n + "x");
        JsonObject e = lambdaEvent("provisioning/07-customer.subscription.updated.json");
        JsonObject record = e.getAsJsonArray("Records").get(0).getAsJsonObject();
        record.addProperty("body", body);
        record.addProperty("messageId", "bench-" + n + "-" + System.nanoTime());
        yield e.toString();
      }
      case "authorizer" ->
          lambdaEventText("authorizer/demo-key-get-subscription.json")
              .replace("bk_live_z2sieLfcWVzWfxoXfF9YPCbGZMCkQpTfNXEb2CbDNok", Engines.API_KEY);
      case "checkout" ->
          lambdaEventText("checkout/post-checkout-pro-monthly.json")
              .replace("usr_8f3a1c2e", String.format("usr_bench_%04d", checkoutTenant + n));
      // Portal and account take linked tenants from the two halves of the pool (per-tenant rate
      // limits).
      case "portal" ->
          lambdaEventText("portal/post-portal.json")
              .replace("usr_8f3a1c2e", Engines.linkedTenant(n % (Engines.LINKED_TENANTS / 2)));
      case "account" ->
          lambdaEventText("account/get-subscription.json")
              .replace(
                  "usr_8f3a1c2e",
                  Engines.linkedTenant(
                      Engines.LINKED_TENANTS / 2 + n % (Engines.LINKED_TENANTS / 2)));
      default -> throw new IllegalArgumentException("no such function: " + function);
    };
  }

  private static JsonObject lambdaEvent(String file) {
    return JsonParser.parseString(lambdaEventText(file)).getAsJsonObject();
  }

  private static String lambdaEventText(String file) {
    try (InputStream in =
        RicColdStart.class.getClassLoader().getResourceAsStream("bench-lambda-events/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no events/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A run counts only if the function answered as it would in production. */
  static void check(String function, String responseBody, Path log) {
    JsonObject r = JsonParser.parseString(responseBody).getAsJsonObject();
    boolean ok =
        switch (function) {
          case "webhook" ->
              status(r) == 200 && r.get("body").getAsString().contains("\"enqueued\":true");
          case "provisioning" ->
              !r.has("batchItemFailures") || r.getAsJsonArray("batchItemFailures").isEmpty();
          case "authorizer" -> r.has("isAuthorized") && r.get("isAuthorized").getAsBoolean();
          case "checkout", "portal" -> status(r) == 201;
          case "account" -> status(r) == 200;
          default -> false;
        };
    if (!ok) {
      throw new IllegalStateException(function + " answered " + responseBody + "\n" + tail(log));
    }
  }

  private static int status(JsonObject response) {
    return response.has("statusCode") ? response.get("statusCode").getAsInt() : -1;
  }

  private static long priming(Path log) throws IOException {
    Matcher m = PRIMED.matcher(Files.readString(log));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String tail(Path log) {
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
      ratios = ratios(samples, functions, spreadPct);
    } while (block < maxBlocks
        && (block < minBlocks || !Boolean.TRUE.equals(ratios.get("allWithinSpread"))));
    return new Result(samples, block, spreadPct, ratios, summary(samples));
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

  /**
   * Per twin: per-pair Java/Node ratios of the first response (same block and run), their median
   * and spread.
   */
  static Map<String, Object> ratios(
      List<Sample> samples, List<String> functions, double spreadPct) {
    Map<String, Object> out = new LinkedHashMap<>();
    boolean all = true;
    for (String fn : functions) {
      if (!NODE_TWINS.contains(fn)) {
        continue;
      }
      Map<String, Double> java = new HashMap<>();
      Map<String, Double> node = new HashMap<>();
      for (Sample s : samples) {
        if (s.function().equals(fn) && s.mode().equals("on-demand")) {
          ("java".equals(s.runtime()) ? java : node)
              .put(s.block() + "/" + s.run(), s.firstResponseMs());
        }
      }
      Map<Integer, List<Double>> byBlock = new java.util.TreeMap<>();
      List<Double> pairs = new ArrayList<>();
      java.forEach(
          (key, j) -> {
            Double n = node.get(key);
            if (n != null) {
              pairs.add(j / n);
              byBlock
                  .computeIfAbsent(Integer.parseInt(key.split("/")[0]), b -> new ArrayList<>())
                  .add(j / n);
            }
          });
      double median = percentile(pairs, 50);
      List<Double> blockMedians = byBlock.values().stream().map(l -> percentile(l, 50)).toList();
      double spread =
          blockMedians.stream()
              .mapToDouble(b -> Math.abs(b - median) / median * 100)
              .max()
              .orElse(0);
      boolean within = spread <= spreadPct;
      all &= within;
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("pairs", pairs.size());
      r.put("medianRatio", round(median, 3));
      r.put("p25Ratio", round(percentile(pairs, 25), 3));
      r.put("p75Ratio", round(percentile(pairs, 75), 3));
      r.put("blockMedians", blockMedians.stream().map(b -> round(b, 3)).toList());
      r.put("spreadPct", round(spread, 1));
      r.put("withinSpread", within);
      out.put(fn, r);
    }
    out.put("allWithinSpread", all);
    return out;
  }

  static List<Map<String, Object>> summary(List<Sample> samples) {
    Map<String, List<Sample>> groups = new LinkedHashMap<>();
    samples.forEach(
        s ->
            groups
                .computeIfAbsent(
                    s.function() + "|" + s.runtime() + "|" + s.mode(), k -> new ArrayList<>())
                .add(s));
    List<Map<String, Object>> out = new ArrayList<>();
    groups.forEach(
        (key, list) -> {
          String[] k = key.split("\\|");
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("function", k[0]);
          m.put("runtime", k[1]);
          m.put("mode", k[2]);
          m.put("runs", list.size());
          m.put("initMs", stats(list.stream().map(Sample::initMs).toList()));
          m.put("firstResponseMs", stats(list.stream().map(Sample::firstResponseMs).toList()));
          m.put("invokeMs", stats(list.stream().map(Sample::invokeMs).toList()));
          List<Double> priming =
              list.stream()
                  .filter(s -> s.primingMs() >= 0)
                  .map(s -> (double) s.primingMs())
                  .toList();
          if (!priming.isEmpty()) {
            m.put("primingMs", stats(priming));
          }
          out.add(m);
        });
    return out;
  }

  static Map<String, Object> stats(List<Double> values) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median", round(percentile(values, 50), 1));
    m.put("p25", round(percentile(values, 25), 1));
    m.put("p75", round(percentile(values, 75), 1));
    m.put("min", round(values.stream().mapToDouble(Double::doubleValue).min().orElse(0), 1));
    m.put("max", round(values.stream().mapToDouble(Double::doubleValue).max().orElse(0), 1));
    return m;
  }

  /**
   * Linear interpolation between closest ranks (the median of an even count is the mean of the
   * middle two).
   */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return 0;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double pos = p / 100 * (v.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
  }

  static double round(double value, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(value * f) / f;
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
