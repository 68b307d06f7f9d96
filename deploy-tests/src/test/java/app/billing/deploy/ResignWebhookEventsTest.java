package app.billing.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.net.Webhook;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResignWebhookEventsTest {
  static final Instant NOW = Instant.parse("2027-03-01T12:00:00Z");
  static final String SECRET = "whsec_local_sam_invoke_0123456789abcdef";

  @Test
  void theDefaultSecretIsTheOneSamLocalGivesTheWebhook() throws Exception {
    assertThat(ResignWebhookEvents.envJsonSecret(World.ENV_JSON)).isEqualTo(SECRET);
  }

  @Test
  void aResignedRequestVerifiesNowWithTheSameBodyAndHeaders() throws Exception {
    for (Path file :
        List.of(
            World.EVENTS.resolve("webhook/signed-checkout.session.completed.json"),
            World.EVENTS.resolve("webhook/signed-invoice.paid-base64.json"))) {
      JsonObject original = JsonParser.parseString(Files.readString(file)).getAsJsonObject();

      JsonObject resigned = ResignWebhookEvents.resign(original, SECRET, NOW);

      String header = resigned.getAsJsonObject("headers").get("stripe-signature").getAsString();
      assertThat(header).startsWith("t=" + NOW.getEpochSecond() + ",v1=");
      assertThat(
              Webhook.Signature.verifyHeader(
                  ResignWebhookEvents.body(resigned),
                  header,
                  SECRET,
                  300,
                  Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC)))
          .isTrue();
      assertThat(resigned.get("body")).isEqualTo(original.get("body"));
      assertThat(resigned.get("isBase64Encoded")).isEqualTo(original.get("isBase64Encoded"));
      JsonObject otherHeaders = resigned.getAsJsonObject("headers").deepCopy();
      otherHeaders.remove("stripe-signature");
      JsonObject originalOthers = original.getAsJsonObject("headers").deepCopy();
      originalOthers.remove("stripe-signature");
      assertThat(otherHeaders).isEqualTo(originalOthers);
      assertThat(resigned.getAsJsonObject("requestContext").get("timeEpoch").getAsLong())
          .isEqualTo(NOW.toEpochMilli());
    }
  }

  @Test
  void byDefaultOnlyTheRequestsSignedWithOurSecretAreResigned(@TempDir Path out) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    int status =
        ResignWebhookEvents.run(
            new String[] {"--out", out.toString()},
            Template.ROOT,
            NOW,
            new PrintStream(printed, true, StandardCharsets.UTF_8),
            System.err);

    assertThat(status).isZero();
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
          .contains("signed-checkout.session.completed.json", "signed-invoice.paid-base64.json")
          .doesNotContain(
              "signed-tampered-body.json",
              "stripe-event-no-signature.json",
              "get-webhooks-stripe.json");
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains(out.toString());
    try (Stream<Path> originals = Files.list(World.EVENTS.resolve("webhook"))) {
      assertThat(originals.filter(f -> Files.isRegularFile(f)).count())
          .as("events/webhook untouched")
          .isPositive();
    }
  }
}
