package app.billing.bench.stack;

import app.billing.local.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stack in a JVM of its own, as {@code bin/local} runs it ({@code java -cp <this
 * classpath> app.billing.local.LocalStack --port N --data-dir D}), so a benchmark measures it from
 * outside (its pid for heap and thread samples) and its load does not share a JVM with the load
 * generator. Started from this JVM's class path, never from installed jars. Same approach as the
 * E2E tests' {@code StackProcess}.
 */
public final class LocalStackProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern DYNAMODB =
      Pattern.compile("DynamoDB \\(dynalite\\)\\s+(http://127\\.0\\.0\\.1:\\d+)");

  private final Process process;
  private final Path log;
  private final String baseUrl;
  private final URI dynamoEndpoint;

  private LocalStackProcess(Process process, Path log, String baseUrl, URI dynamoEndpoint) {
    this.process = process;
    this.log = log;
    this.baseUrl = baseUrl;
    this.dynamoEndpoint = dynamoEndpoint;
  }

  /**
   * Starts a stack on 127.0.0.1:{@code port} with its data in {@code dataDir} (which should be
   * fresh); {@code env} is added to this process's environment (without {@code STRIPE_SECRET_KEY},
   * so the Stripe stand-in runs); its output goes to {@code log}. Returns once {@code
   * /_local/health} answers.
   */
  public static LocalStackProcess start(
      Path dataDir, int port, Map<String, String> env, List<String> jvmOptions, Path log) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    if (Runtime.version().feature() >= 24) {
      command.addAll(
          List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"));
    }
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            LocalStack.class.getName(),
            "--port",
            String.valueOf(port),
            "--data-dir",
            dataDir.toAbsolutePath().toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().remove("STRIPE_SECRET_KEY");
    builder.environment().remove("PORT");
    builder.environment().putAll(env);
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      long logStart = Files.exists(log) ? Files.size(log) : 0;
      Process process = builder.start();
      String baseUrl = "http://127.0.0.1:" + port;
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "the local stack exited with " + process.exitValue() + ":\n" + Files.readString(log));
        }
        Optional<URI> dynamo = banner(log, logStart);
        if (dynamo.isPresent() && healthy(baseUrl)) {
          return new LocalStackProcess(process, log, baseUrl, dynamo.get());
        }
        Thread.sleep(200);
      }
      process.destroyForcibly();
      throw new IllegalStateException(
          "the local stack did not start within "
              + START_TIMEOUT.toSeconds()
              + " s:\n"
              + Files.readString(log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Deletes {@code dir} and everything under it, if it exists (a fresh data dir per run). */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<URI> banner(Path log, long from) throws IOException {
    String text = Files.readString(log);
    Matcher m = DYNAMODB.matcher(text.substring((int) Math.min(from, text.length())));
    return m.find() ? Optional.of(URI.create(m.group(1))) : Optional.empty();
  }

  private static boolean healthy(String baseUrl) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
                  HttpRequest.newBuilder(URI.create(baseUrl + "/_local/health"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  public URI dynamoEndpoint() {
    return dynamoEndpoint;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, as Ctrl-C: the stack stops in order (dynalite included); SIGKILL after 60 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
