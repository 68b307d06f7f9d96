package app.billing.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.crac.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every function's SnapStart priming must do: run the request path on canned input and send
 * nothing. A function's test extends this and supplies its primer; the SDK endpoints it names point
 * at a watched stand-in ({@link OfflineCheck}).
 */
public abstract class OfflinePrimingContract {
  private final List<String> endpointProperties;
  private OfflineCheck offline;

  /**
   * @param endpointProperties SDK endpoint properties of the clients the function builds
   */
  protected OfflinePrimingContract(String... endpointProperties) {
    this.endpointProperties = List.of(endpointProperties);
  }

  /** Runs the function's primer once (throws if a step did not run as expected). */
  protected abstract void prime() throws Exception;

  /** The CRaC resource the function registers for SnapStart. */
  protected abstract Resource checkpointResource();

  @BeforeEach
  void watch() {
    offline = OfflineCheck.start(endpointProperties.toArray(String[]::new));
  }

  @AfterEach
  void stop() {
    offline.close();
  }

  @Test
  void primingRunsTheRequestPathWithoutAnyNetworkCall() throws Exception {
    prime();
    offline.assertNothingSent();
  }

  @Test
  void theCheckpointHookLogsOneLineSayingItPrimedAndNothingElse() throws Exception {
    Resource resource = checkpointResource();
    // The functions log JSON lines to System.out (billing-logback), looked up at each write; the
    // build
    // logs from WARN, so the application loggers are opened to DEBUG here: priming must drop it
    // all.
    assertThat(LoggerFactory.getILoggerFactory())
        .as("functions log through logback")
        .isInstanceOf(LoggerContext.class);
    Logger application =
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("app.billing");
    Level level = application.getLevel();
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    application.setLevel(Level.DEBUG);
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      resource.beforeCheckpoint(null);
    } finally {
      System.setOut(original);
      application.setLevel(level);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8).lines().toList())
        .singleElement()
        .asString()
        .contains("\"level\":\"INFO\"")
        .containsPattern("\"primed \\S+ for the snapshot in \\d+ ms\"");
  }

  @Test
  void theCheckpointHookPrimesAndChangesNothing() throws Exception {
    Resource resource = checkpointResource();
    resource.beforeCheckpoint(null);
    resource.afterRestore(null);
    offline.assertNothingSent();
    assertThat(MDC.getCopyOfContextMap()).as("no request context left behind").isNullOrEmpty();
  }
}
