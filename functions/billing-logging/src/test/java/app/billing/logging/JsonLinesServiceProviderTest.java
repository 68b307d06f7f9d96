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
  void linesCarryTheMdcTheFormattedArgumentsAndATrailingExceptionLibrariesLogFromWarn() {
    Logger app = LoggerFactory.getLogger("app.billing.provisioning.ProvisioningService");
    Logger sdk = LoggerFactory.getLogger("software.amazon.awssdk.request");
    MDC.put("eventId", "evt_2");
    MDC.put("tenantId", "t_9");

    sdk.info("never written: libraries log from WARN whatever LOG_LEVEL says");
    sdk.warn("retrying {}", "PutItem");
    app.error("Stripe call failed: {}", "timeout", new IllegalStateException("boom"));

    List<JsonObject> lines = lines();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).get("logger").getAsString()).isEqualTo("software.amazon.awssdk.request");
    assertThat(lines.get(0).get("level").getAsString()).isEqualTo("WARN");
    assertThat(lines.get(0).get("message").getAsString()).isEqualTo("retrying PutItem");
    assertThat(lines.get(1).get("message").getAsString()).isEqualTo("Stripe call failed: timeout");
    assertThat(lines.get(1).get("eventId").getAsString()).isEqualTo("evt_2");
    assertThat(lines.get(1).get("tenantId").getAsString()).isEqualTo("t_9");
    assertThat(lines.get(1).get("error").getAsString()).isEqualTo("java.lang.IllegalStateException");
    assertThat(lines.get(1).get("errorMessage").getAsString()).isEqualTo("boom");
    assertThat(sdk.isInfoEnabled()).isFalse();
  }

  @Test
  void aLoggerWritesFromItsThresholdOnly() {
    var factory = new JsonLinesLoggerFactory(LogLevels.parse("INFO"),
        new JsonLineWriter(() -> System.out, System::currentTimeMillis, new ThreadLocalMdcAdapter()));
    Logger app = factory.getLogger("app.billing.webhook.WebhookService");

    app.trace("no");
    app.debug("no {}", 1);
    app.info("applied {} for {}", "invoice.paid", "t_9");
    app.warn("w");

    assertThat(lines()).extracting(l -> l.get("level").getAsString() + " " + l.get("message").getAsString())
        .containsExactly("INFO applied invoice.paid for t_9", "WARN w");
    assertThat(app.isDebugEnabled()).isFalse();
    assertThat(app.isInfoEnabled()).isTrue();
    assertThat(factory.getLogger("app.billing.webhook.WebhookService")).isSameAs(app);
  }
}
