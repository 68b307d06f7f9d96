package app.billing.local;

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
 * The local stack as {@code bin/local} runs it: its own JVM ({@code java -cp <this classpath>
 * app.billing.local.LocalStack --port N --data-dir D}), so a test can kill it as a crash would
 * ({@link #kill()}: SIGKILL) or stop it as Ctrl-C does ({@link #terminate()}: SIGTERM, shutdown
 * hooks run).
 */
final class StackProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern DYNAMODB =
      Pattern.compile("DynamoDB \\(dynalite\\)\\s+(http://127\\.0\\.0\\.1:\\d+)");

  private final Process process;
  private final Path log;
  private final String baseUrl;
  private final URI dynamoEndpoint;

  private StackProcess(Process process, Path log, String baseUrl, URI dynamoEndpoint) {
    this.process = process;
    this.log = log;
    this.baseUrl = baseUrl;
    this.dynamoEndpoint = dynamoEndpoint;
  }

  /**
   * Starts a stack on {@code port} with data in {@code dataDir}; its output goes to {@code log}.
   */
  static StackProcess start(Path dataDir, int port, Map<String, String> env, Path log) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    if (Runtime.version().feature() >= 24) {
      command.addAll(
          List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"));
    }
    command.addAll(
        List.of(
            "-Xmx512m",
            "-Dlog4j2.configurationFile=log4j2-local.xml",
            "-Dlog4j2.shutdownHookEnabled=false",
            "-cp",
            System.getProperty("java.class.path"),
            LocalStack.class.getName(),
            "--port",
            String.valueOf(port),
            "--data-dir",
            dataDir.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(Path.of(System.getProperty("user.dir")).toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().remove("STRIPE_SECRET_KEY");
    builder.environment().remove("PORT");
    builder.environment().putAll(env);
    try {
      Files.createDirectories(log.getParent());
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
          return new StackProcess(process, log, baseUrl, dynamo.get());
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

  String baseUrl() {
    return baseUrl;
  }

  URI dynamoEndpoint() {
    return dynamoEndpoint;
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook runs, as in a crash or {@code kill -9}. */
  void kill() {
    process.destroyForcibly();
    await();
  }

  /**
   * SIGTERM, as Ctrl-C or {@code kill}: the shutdown hook stops the stack in order. Returns how
   * long it took.
   */
  Duration terminate() {
    long started = System.nanoTime();
    process.destroy();
    await();
    return Duration.ofNanos(System.nanoTime() - started);
  }

  int exitValue() {
    return process.exitValue();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void await() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("the local stack did not stop within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      await();
    }
  }
}
