package app.billing.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Through SLF4J itself: logback binds, finds this configurator, and writes JSON lines to
 * System.out.
 */
class JsonConsoleConfiguratorTest {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream original;

  @BeforeEach
  void captureStdout() {
    original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStdout() {
    System.setOut(original);
    MDC.clear();
  }

  private List<JsonObject> lines() {
    return captured
        .toString(StandardCharsets.UTF_8)
        .lines()
        .map(l -> JsonParser.parseString(l).getAsJsonObject())
        .toList();
  }

  @Test
  void slf4jBindsLogbackConfiguredByThisClass() {
    assertThat(LoggerFactory.getILoggerFactory())
        .isInstanceOfSatisfying(
            LoggerContext.class,
            context -> {
              assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel())
                  .isEqualTo(Level.WARN);
              assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("stdout"))
                  .isNotNull();
            });
  }

  @Test
  void linesCarryTheMdcTheFormattedArgumentsAndTheExceptionLibrariesLogFromWarn() {
    Logger app = LoggerFactory.getLogger("app.billing.provisioning.ProvisioningService");
    Logger sdk = LoggerFactory.getLogger("software.amazon.awssdk.request");
    MDC.put("eventId", "evt_2");
    MDC.put("tenantId", "t_9");

    sdk.info("never written: libraries log from WARN whatever LOG_LEVEL says");
    sdk.warn("retrying {}", "PutItem");
    app.error(
        "Stripe call failed: {} \"quoted\"\nsecond line",
        "timeout",
        new IllegalStateException("boom"));

    List<String> raw = captured.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(raw).hasSize(2); // a message with a line break stays on one line
    List<JsonObject> lines = lines();
    assertThat(lines.get(0).get("loggerName").getAsString())
        .isEqualTo("software.amazon.awssdk.request");
    assertThat(lines.get(0).get("level").getAsString()).isEqualTo("WARN");
    assertThat(lines.get(0).get("formattedMessage").getAsString()).isEqualTo("retrying PutItem");
    JsonObject error = lines.get(1);
    assertThat(error.get("level").getAsString()).isEqualTo("ERROR");
    assertThat(error.get("formattedMessage").getAsString())
        .isEqualTo("Stripe call failed: timeout \"quoted\"\nsecond line");
    assertThat(error.getAsJsonObject("mdc").get("eventId").getAsString()).isEqualTo("evt_2");
    assertThat(error.getAsJsonObject("mdc").get("tenantId").getAsString()).isEqualTo("t_9");
    assertThat(error.getAsJsonObject("throwable").get("className").getAsString())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(error.getAsJsonObject("throwable").get("message").getAsString()).isEqualTo("boom");
    assertThat(error.getAsJsonObject("throwable").getAsJsonArray("stepArray")).isNotEmpty();
    assertThat(error.get("timestamp").getAsLong()).isPositive();
    assertThat(sdk.isInfoEnabled()).isFalse();
  }

  @Test
  void applicationLoggersLogFromLogLevelSetToWarnForTheBuild() {
    // surefire sets LOG_LEVEL=WARN for every module (see the parent pom)
    Logger app = LoggerFactory.getLogger("app.billing.webhook.WebhookService");
    assertThat(app.isInfoEnabled()).isFalse();
    assertThat(app.isWarnEnabled()).isTrue();
  }

  @Test
  void anUnknownLogLevelMeansInfoAndIsReported() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(
        new LogbackMDCAdapter()); // as LogbackServiceProvider does before configuring
    new JsonConsoleConfigurator().configure(context, "verbose");

    assertThat(context.getLogger("app.billing.checkout").getEffectiveLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("com.stripe").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(lines())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.get("level").getAsString()).isEqualTo("WARN");
              assertThat(line.get("formattedMessage").getAsString())
                  .startsWith("LOG_LEVEL=verbose is not a level");
            });
    context.stop();
  }

  @Test
  void logLevelNamesAnyLevelInAnyCaseFatalAsErrorUnknownAsNull() {
    assertThat(JsonConsoleConfigurator.applicationLevel(null)).isEqualTo(Level.INFO);
    assertThat(JsonConsoleConfigurator.applicationLevel("  ")).isEqualTo(Level.INFO);
    assertThat(JsonConsoleConfigurator.applicationLevel("debug")).isEqualTo(Level.DEBUG);
    assertThat(JsonConsoleConfigurator.applicationLevel(" Trace ")).isEqualTo(Level.TRACE);
    assertThat(JsonConsoleConfigurator.applicationLevel("WARNING")).isEqualTo(Level.WARN);
    assertThat(JsonConsoleConfigurator.applicationLevel("FATAL")).isEqualTo(Level.ERROR);
    assertThat(JsonConsoleConfigurator.applicationLevel("verbose")).isNull();
  }
}
