package app.billing.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * DynamoDB engine for tests and the local stack: the open-source dynalite npm package run as a Node
 * child process (Amazon's DynamoDB Local is not allowed for licence reasons).
 *
 * <p>Limits: dynalite implements neither TransactWriteItems/TransactGetItems nor UpdateTimeToLive.
 */
public final class Dynalite implements AutoCloseable {
  private static final String PACKAGE_DIR = "infra/dynalite";
  private static final String CLI = "node_modules/dynalite/cli.js";

  /** Preloaded before the CLI: dynalite exits when this JVM is gone, even when it was killed. */
  private static final String EXIT_WITH_PARENT = "./exit-with-parent.js";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final int START_ATTEMPTS = 3;
  private static final Object INSTALL_MONITOR = new Object();

  private final Process process;
  private final int port;

  // No JVM shutdown hook: exit-with-parent.js ends the process once this JVM is gone, and an owner
  // shutting down in order (the local stack draining its last batch) closes it when it is done.
  private Dynalite(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** In-memory engine: all data is gone when it is closed. */
  public static Dynalite start() {
    return launch(null);
  }

  /**
   * Engine persisting to LevelDB files in {@code dataDir} (created if missing; one engine per dir).
   */
  public static Dynalite start(Path dataDir) {
    return launch(dataDir.toAbsolutePath());
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Dynalite launch(Path dataDir) {
    Path packageDir = projectRoot().resolve(PACKAGE_DIR);
    ensureInstalled(packageDir);
    String node = executableOnPath("node");
    try {
      if (dataDir != null) {
        Files.createDirectories(dataDir);
      }
      // dynalite treats --port 0 as "default 4567", so we must pick a port and retry if it was
      // taken meanwhile.
      for (int attempt = 1; ; attempt++) {
        int port = Ports.free();
        List<String> command =
            new ArrayList<>(
                List.of(
                    node,
                    "-r",
                    EXIT_WITH_PARENT,
                    CLI,
                    "--port",
                    String.valueOf(port),
                    "--host",
                    "127.0.0.1",
                    "--createTableMs",
                    "0",
                    "--deleteTableMs",
                    "0",
                    "--updateTableMs",
                    "0"));
        if (dataDir != null) {
          command.addAll(List.of("--path", dataDir.toString()));
        }
        Path log = logFile("dynalite-" + port + ".log");
        Process process =
            new ProcessBuilder(command)
                .directory(packageDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (awaitPort(process, port)) {
          return new Dynalite(process, port);
        }
        String reason =
            process.isAlive()
                ? "did not answer within " + START_TIMEOUT.toSeconds() + " s"
                : "exited with code " + process.exitValue();
        process.destroyForcibly();
        String output = Files.readString(log);
        // A lock still held: the dynalite of a killed JVM on this data dir is still exiting.
        boolean lockHeld = output.contains("LOCK");
        if (lockHeld) {
          sleep(500);
        }
        if (!(output.contains("EADDRINUSE") || lockHeld) || attempt == START_ATTEMPTS) {
          throw new IllegalStateException(
              "dynalite " + reason + " (" + String.join(" ", command) + "). Output:\n" + output);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start dynalite", e);
    }
  }

  /** True once the port accepts connections; false if the process died or the timeout passed. */
  private static boolean awaitPort(Process process, int port) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    return false;
  }

  /**
   * Runs {@code npm ci} once if node_modules is missing; the file lock also covers parallel JVMs
   * (mvn -T).
   */
  private static void ensureInstalled(Path packageDir) {
    synchronized (INSTALL_MONITOR) {
      if (isInstalled(packageDir)) {
        return;
      }
      Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "billing-dynalite-npm.lock");
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        if (isInstalled(packageDir)) {
          return; // another JVM installed it while we waited
        }
        Path log = logFile("npm-ci.log");
        Process npm =
            new ProcessBuilder(executableOnPath("npm"), "ci", "--no-audit", "--no-fund")
                .directory(packageDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished || npm.exitValue() != 0 || !isInstalled(packageDir)) {
          npm.destroyForcibly();
          throw new IllegalStateException(
              "npm ci failed in " + packageDir + ". Output:\n" + Files.readString(log));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Could not install dynalite in " + packageDir, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while installing dynalite", e);
      }
    }
  }

  private static boolean isInstalled(Path packageDir) {
    // npm writes node_modules/.package-lock.json last, so it also rules out a half-finished install
    return Files.isRegularFile(packageDir.resolve(CLI))
        && Files.isRegularFile(packageDir.resolve("node_modules/.package-lock.json"));
  }

  /** The first directory at or above user.dir that contains infra/dynalite/package.json. */
  static Path projectRoot() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(PACKAGE_DIR).resolve("package.json"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "No " + PACKAGE_DIR + "/package.json found in " + start + " or above");
  }

  private static String executableOnPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        "'" + name + "' not found on PATH (" + path + "); dynalite needs Node.js 20+ installed");
  }

  /** Engine output goes to target/dynalite under the working directory (git-ignored). */
  private static Path logFile(String name) throws IOException {
    Path dir = Path.of(System.getProperty("user.dir"), "target", "dynalite");
    Files.createDirectories(dir);
    return dir.resolve(name);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for dynalite", e);
    }
  }
}
