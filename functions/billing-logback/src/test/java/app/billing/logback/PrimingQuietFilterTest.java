package app.billing.logback;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.priming.Priming;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** A checkpoint hook through SLF4J and this set-up: one line saying it primed, nothing else. */
class PrimingQuietFilterTest {
  private static final Logger log = LoggerFactory.getLogger("app.billing.http.ApiResponses");

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream original;

  private final ch.qos.logback.classic.Logger application =
      ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("app.billing");
  private Level level;

  @BeforeEach
  void captureStdout() {
    original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    // The build logs from WARN (LOG_LEVEL in the parent pom); production from INFO or DEBUG.
    level = application.getLevel();
    application.setLevel(Level.DEBUG);
  }

  @AfterEach
  void restoreStdout() {
    System.setOut(original);
    application.setLevel(level);
  }

  private List<JsonObject> lines() {
    return captured
        .toString(StandardCharsets.UTF_8)
        .lines()
        .map(l -> JsonParser.parseString(l).getAsJsonObject())
        .toList();
  }

  /**
   * Logs what the canned requests of a real primer log: rejections, outcomes, on another thread
   * too.
   */
  private static void cannedRequests() throws Exception {
    log.debug("route {}", "checkout");
    log.info("request rejected: {} {}", 400, "invalid_json");
    MDC.clear(); // what a handler does after each request
    log.warn("Webhook delivery rejected with {} {}", 400, "invalid_signature");
    try (var lane = Executors.newVirtualThreadPerTaskExecutor()) {
      lane.submit(() -> log.info("event processed")).get();
    }
  }

  @Test
  void aPrimerLeavesOneLineSayingItPrimed() throws Exception {
    Priming.resource("checkout", PrimingQuietFilterTest::cannedRequests).beforeCheckpoint(null);

    assertThat(lines())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.get("level").getAsString()).isEqualTo("INFO");
              assertThat(line.get("formattedMessage").getAsString())
                  .matches("primed checkout for the snapshot in \\d+ ms");
            });
    assertThat(Priming.inProgress()).isFalse();
  }

  @Test
  void aFailingPrimerLeavesOneWarningNamingWhy() throws Exception {
    Priming.resource(
            "portal",
            () -> {
              cannedRequests();
              throw new IllegalStateException(
                  "priming POST /billing/portal answered 500 instead of 400");
            })
        .beforeCheckpoint(null);

    assertThat(lines())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.get("level").getAsString()).isEqualTo("WARN");
              assertThat(line.get("formattedMessage").getAsString())
                  .isEqualTo("priming portal failed; the snapshot is taken unprimed");
              assertThat(line.getAsJsonObject("throwable").get("message").getAsString())
                  .contains("answered 500");
            });
  }

  @Test
  void errorsStillPassWhilePrimingAndEverythingPassesAfterwards() throws Exception {
    Priming.resource("provisioning", () -> log.error("request failed with a bug"))
        .beforeCheckpoint(null);
    log.info("request rejected: {} {}", 401, "unauthorized");

    assertThat(lines())
        .extracting(l -> l.get("formattedMessage").getAsString())
        .satisfiesExactly(
            m -> assertThat(m).isEqualTo("request failed with a bug"),
            m -> assertThat(m).startsWith("primed provisioning for the snapshot in "),
            m -> assertThat(m).isEqualTo("request rejected: 401 unauthorized"));
  }
}
