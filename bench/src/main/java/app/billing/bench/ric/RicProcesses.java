package app.billing.bench.ric;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipFile;

/**
 * The processes of a cold start: a function's jar unpacked as its task root under AWS's runtime
 * interface client with Lambda's flags, or a Node twin under {@code node-twin/runtime.js}.
 */
final class RicProcesses {
  private final Path root;
  private final Path work;
  private final Map<String, String> engineEnv;

  RicProcesses(Path root, Path work, Map<String, String> engineEnv) {
    this.root = root;
    this.work = work;
    this.engineEnv = engineEnv;
  }

  ProcessBuilder javaProcess(String function, String mode) throws IOException {
    Path task = taskRoot(function);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(RicColdStart.LAMBDA_JVM);
    command.add(RicColdStart.CRAC_COMPAT);
    command.add("-cp");
    command.add(root.resolve("bench/target/ric").toString() + "/*");
    command.add(RicColdStart.AWS_LAMBDA);
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

  ProcessBuilder nodeProcess(String function) {
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
      for (var entry : Collections.list(zip.entries())) {
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
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
