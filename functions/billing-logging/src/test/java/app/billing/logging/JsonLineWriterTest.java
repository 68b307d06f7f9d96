package app.billing.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class JsonLineWriterTest {
  private static final long T = 1_795_000_000_123L; // 2026-11-18T11:06:40.123Z

  private static JsonObject parse(String line) {
    assertThat(line).endsWith("\n");
    assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n", "\r");
    return JsonParser.parseString(line).getAsJsonObject();
  }

  @Test
  void oneObjectPerLineWithLevelLoggerMessageAndTheMdcAsTopLevelFieldsInKeyOrder() {
    Map<String, String> mdc = new TreeMap<>(Map.of("outcome", "enqueued", "eventId", "evt_1", "eventType", "invoice.paid"));

    String line = JsonLineWriter.format(T, Level.INFO, "app.billing.webhook.WebhookService", "Stripe event enqueued", mdc, null);

    assertThat(line).isEqualTo("{\"timestamp\":\"2026-11-18T11:06:40.123Z\",\"level\":\"INFO\","
        + "\"logger\":\"app.billing.webhook.WebhookService\",\"message\":\"Stripe event enqueued\","
        + "\"eventId\":\"evt_1\",\"eventType\":\"invoice.paid\",\"outcome\":\"enqueued\"}\n");
  }

  @Test
  void anExceptionAddsItsClassMessageAndStackTraceCausesIncluded() {
    var failure = new IllegalStateException("queue \"down\"", new java.io.IOException("connection reset"));

    JsonObject json = parse(JsonLineWriter.format(T, Level.ERROR, "x", "Could not enqueue", null, failure));

    assertThat(json.get("level").getAsString()).isEqualTo("ERROR");
    assertThat(json.get("error").getAsString()).isEqualTo("java.lang.IllegalStateException");
    assertThat(json.get("errorMessage").getAsString()).isEqualTo("queue \"down\"");
    assertThat(json.get("stackTrace").getAsString())
        .startsWith("java.lang.IllegalStateException: queue \"down\"\n\tat ")
        .contains("Caused by: java.io.IOException: connection reset");
    assertThat(json.has("errorMessage")).isTrue();
  }

  @Test
  void anExceptionWithoutMessageHasNoErrorMessageField() {
    JsonObject json = parse(JsonLineWriter.format(T, Level.WARN, "x", "m", null, new NullPointerException()));

    assertThat(json.get("error").getAsString()).isEqualTo("java.lang.NullPointerException");
    assertThat(json.has("errorMessage")).isFalse();
    assertThat(json.has("stackTrace")).isTrue();
  }

  @Test
  void quotesBackslashesLineBreaksControlAndNonAsciiCharactersStayOneValidLine() {
    String message = "a \"quoted\" \\ path\nsecond line\r\tand \u0001 and \u2028 and é ✓";

    String line = JsonLineWriter.format(T, Level.WARN, "x", message, Map.of("tenantId", "t\"1\n"), null);

    JsonObject json = parse(line);
    assertThat(json.get("message").getAsString()).isEqualTo(message);
    assertThat(json.get("tenantId").getAsString()).isEqualTo("t\"1\n");
  }

  @Test
  void mdcEntriesNamedLikeAFieldOfTheLineAreLeftOutAndNullValuesAreNull() {
    Map<String, String> mdc = new TreeMap<>();
    mdc.put("message", "spoofed");
    mdc.put("level", "ERROR");
    mdc.put("route", null);

    JsonObject json = parse(JsonLineWriter.format(T, Level.INFO, "x", "real", mdc, null));

    assertThat(json.get("message").getAsString()).isEqualTo("real");
    assertThat(json.get("level").getAsString()).isEqualTo("INFO");
    assertThat(json.get("route").isJsonNull()).isTrue();
    assertThat(json.keySet()).containsExactly("timestamp", "level", "logger", "message", "route");
  }

  @Test
  void timestampsAreUtcWithMillisecondsAlwaysThreeDigits() {
    assertThat(JsonLineWriter.timestamp(0)).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(JsonLineWriter.timestamp(1_795_000_000_005L)).isEqualTo("2026-11-18T11:06:40.005Z");
    assertThat(JsonLineWriter.timestamp(1_795_000_000_050L)).isEqualTo("2026-11-18T11:06:40.050Z");
    assertThat(JsonLineWriter.timestamp(253_402_300_799_999L)).isEqualTo("9999-12-31T23:59:59.999Z");
  }

  @Test
  void writesTheCurrentThreadsMdcAndLinesOfConcurrentThreadsNeverInterleave() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(bytes, false, StandardCharsets.UTF_8);
    ThreadLocalMdcAdapter mdc = new ThreadLocalMdcAdapter();
    JsonLineWriter writer = new JsonLineWriter(() -> stream, () -> T, mdc);
    String longMessage = "x".repeat(20_000); // larger than any stream buffer

    try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String id = "evt_" + t;
        done.add(threads.submit(() -> {
          mdc.put("eventId", id);
          for (int i = 0; i < 200; i++) {
            writer.write(Level.INFO, "app.billing.Test", i % 10 == 0 ? longMessage : "event " + i, null);
          }
          mdc.clear();
        }));
      }
      for (var f : done) {
        f.get();
      }
    }

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(1_600);
    for (String line : lines) {
      JsonObject json = JsonParser.parseString(line).getAsJsonObject();
      assertThat(json.get("eventId").getAsString()).startsWith("evt_");
    }
  }
}
