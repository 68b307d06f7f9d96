package app.billing.logging;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Through SLF4J itself: the provider is found, binds alone, and writes to whatever System.out is now. */
class JsonLinesServiceProviderTest {
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
    return captured.toString(StandardCharsets.UTF_8).lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
  }

  @Test
  void slf4jBindsThisProviderAndItsMdc() {
    assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(JsonLinesLoggerFactory.class);
    assertThat(MDC.getMDCAdapter()).isInstanceOf(ThreadLocalMdcAdapter.class);
  }

  @Test
  void applicationLoggersLogFromLogLevelLibrariesFromWarnWithArgumentsAndATrailingException() {
    // LOG_LEVEL is not set for this module's tests: app.billing logs from INFO.
    Logger app = LoggerFactory.getLogger("app.billing.provisioning.ProvisioningService");
    Logger sdk = LoggerFactory.getLogger("software.amazon.awssdk.request");
    MDC.put("eventId", "evt_2");
    MDC.put("tenantId", "t_9");

    app.debug("not written");
    app.info("applied {} for {}", "invoice.paid", "t_9");
    sdk.info("not written either");
    sdk.warn("retrying");
    app.error("Stripe call failed: {}", "timeout", new IllegalStateException("boom"));

    List<JsonObject> lines = lines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).get("message").getAsString()).isEqualTo("applied invoice.paid for t_9");
    assertThat(lines.get(0).get("level").getAsString()).isEqualTo("INFO");
    assertThat(lines.get(0).get("eventId").getAsString()).isEqualTo("evt_2");
    assertThat(lines.get(0).get("tenantId").getAsString()).isEqualTo("t_9");
    assertThat(lines.get(1).get("logger").getAsString()).isEqualTo("software.amazon.awssdk.request");
    assertThat(lines.get(1).get("level").getAsString()).isEqualTo("WARN");
    assertThat(lines.get(2).get("message").getAsString()).isEqualTo("Stripe call failed: timeout");
    assertThat(lines.get(2).get("error").getAsString()).isEqualTo("java.lang.IllegalStateException");
    assertThat(lines.get(2).get("errorMessage").getAsString()).isEqualTo("boom");
    assertThat(app.isDebugEnabled()).isFalse();
    assertThat(app.isInfoEnabled()).isTrue();
    assertThat(sdk.isInfoEnabled()).isFalse();
  }
}
