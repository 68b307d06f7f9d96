package app.billing.local;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's data directory ({@code .local-data}): created, wiped by {@code --reset}, and the
 * small state file that keeps the demo key and webhook secret the same across restarts
 * (git-ignored).
 */
final class LocalData {
  private static final String STATE_FILE = "local-stack.json";
  private static final Logger log = LoggerFactory.getLogger(LocalData.class);

  private LocalData() {}

  static String newWebhookSecret() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder secret = new StringBuilder("whsec_");
    for (int i = 0; i < 32; i++) {
      secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return secret.toString();
  }

  static JsonObject readState(Path dataDir) {
    Path file = dataDir.resolve(STATE_FILE);
    if (!Files.isRegularFile(file)) {
      return new JsonObject();
    }
    try {
      return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    } catch (IOException | RuntimeException e) {
      log.warn("ignoring unreadable {}: {}", file, e.toString());
      return new JsonObject();
    }
  }

  /** The demo key and webhook secret, so they stay the same across restarts. */
  static void writeState(Path dataDir, JsonObject state) {
    try {
      Files.writeString(
          dataDir.resolve(STATE_FILE),
          new GsonBuilder().setPrettyPrinting().create().toJson(state) + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e)
                throws IOException {
              Files.delete(directory);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot wipe " + dir, e);
    }
  }
}
