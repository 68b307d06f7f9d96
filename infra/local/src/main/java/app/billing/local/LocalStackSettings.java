package app.billing.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to run the local stack.
 *
 * @param port the HTTP API's port on 127.0.0.1 (0: any free port)
 * @param dataDir where DynamoDB data, emails and the demo credentials are kept
 * @param reset wipe {@code dataDir} first
 * @param environment the variables the stack reads ({@code STRIPE_SECRET_KEY}, {@code
 *     STRIPE_WEBHOOK_SECRET}, {@code BILLING_LOCAL_API_KEY}, {@code PORT}, ...) and the function
 *     settings passed through to the functions (see {@link #PASSED_TO_FUNCTIONS})
 * @param queueVisibility visibility timeout of the event queue: how soon a failed event is retried
 */
public record LocalStackSettings(
    int port,
    Path dataDir,
    boolean reset,
    Map<String, String> environment,
    Duration queueVisibility,
    Clock clock) {

  public static final int DEFAULT_PORT = 3000;

  /**
   * 10 s instead of the template's 360 s: a failed event is retried within seconds, which keeps the
   * demo moving; provisioning finishes an event well within it locally.
   */
  public static final Duration DEFAULT_QUEUE_VISIBILITY = Duration.ofSeconds(10);

  /** Function settings a developer may set in the shell; everything else the stack decides. */
  public static final List<String> PASSED_TO_FUNCTIONS =
      List.of(
          "PLAN_CATALOG",
          "EMAIL_FROM",
          "EMAIL_REPLY_TO",
          "PRODUCT_NAME",
          "PAST_DUE_GRACE_DAYS",
          "AUDIT_RETENTION_DAYS",
          "CHECKOUT_RATE_LIMIT",
          "PORTAL_RATE_LIMIT",
          "USAGE_RATE_LIMIT",
          "CHECKOUT_AUTOMATIC_TAX",
          "ALLOWED_REDIRECT_ORIGINS",
          "STRIPE_READ_TIMEOUT_MS",
          "PORTAL_CONFIGURATION_ID",
          "LOG_LEVEL");

  public LocalStackSettings {
    environment = Map.copyOf(environment);
  }

  /** {@code bin/local [--reset] [--port N] [--data-dir DIR]} with the process environment. */
  public static LocalStackSettings fromCommandLine(String[] args, Map<String, String> env) {
    int port = env.containsKey("PORT") ? parsePort(env.get("PORT")) : DEFAULT_PORT;
    Path dataDir = projectRoot().resolve(".local-data");
    boolean reset = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--reset" -> reset = true;
        case "--port" -> port = parsePort(value(args, ++i, "--port"));
        case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
        case "-h", "--help" -> throw new UsageException(null);
        default -> throw new UsageException("unknown argument " + args[i]);
      }
    }
    Duration visibility =
        Optional.ofNullable(env.get("LOCAL_QUEUE_VISIBILITY_SECONDS"))
            .map(
                v -> {
                  try {
                    long seconds = Long.parseLong(v.trim());
                    if (seconds < 0 || seconds > 43_200) {
                      throw new NumberFormatException();
                    }
                    return Duration.ofSeconds(seconds);
                  } catch (NumberFormatException e) {
                    throw new UsageException(
                        "LOCAL_QUEUE_VISIBILITY_SECONDS must be 0 to 43200, got " + v);
                  }
                })
            .orElse(DEFAULT_QUEUE_VISIBILITY);
    return new LocalStackSettings(
        port, dataDir.toAbsolutePath(), reset, env, visibility, Clock.systemUTC());
  }

  /** For tests: a port and data dir of their own, and only the variables they give. */
  public static LocalStackSettings forTest(Path dataDir, Map<String, String> env) {
    return new LocalStackSettings(
        0, dataDir, false, new HashMap<>(env), DEFAULT_QUEUE_VISIBILITY, Clock.systemUTC());
  }

  Optional<String> variable(String name) {
    return Optional.ofNullable(environment.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  /**
   * The first directory at or above the working directory that holds infra/dynalite (the
   * repository).
   */
  static Path projectRoot() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("infra/dynalite/package.json"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "Run the local stack inside the repository (no infra/dynalite/package.json at or above "
            + start
            + ")");
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new UsageException(option + " needs a value");
    }
    return args[index];
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new UsageException("not a port: " + text);
    }
  }

  /** Bad command line; the message (null for --help) goes before the usage text. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
