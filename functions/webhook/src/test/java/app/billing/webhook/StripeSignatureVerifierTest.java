package app.billing.webhook;

import static app.billing.webhook.Fixtures.CLOCK;
import static app.billing.webhook.Fixtures.NOW;
import static app.billing.webhook.Fixtures.OLD_SECRET;
import static app.billing.webhook.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.testkit.StripeSignatures;
import app.billing.webhook.StripeSignatureVerifier.Verdict;
import com.stripe.net.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StripeSignatureVerifierTest {
  private static final String TEXT = "{\"id\":\"evt_1\",\"object\":\"event\"}";
  private static final byte[] PAYLOAD = TEXT.getBytes(StandardCharsets.UTF_8);
  private static final long T = NOW.getEpochSecond();

  private final StripeSignatureVerifier verifier =
      new StripeSignatureVerifier(List.of(OLD_SECRET, SECRET), Duration.ofSeconds(300), CLOCK);

  /** Signed as stripe-java's own tests sign: its generateSignatureHeader, at a fixed time. */
  private static String stripeHeader(String payload, String secret, long timestamp)
      throws Exception {
    return Webhook.Signature.generateSignatureHeader(payload, secret, timestamp);
  }

  @Test
  void acceptsEitherSecret() throws Exception {
    assertThat(verifier.verify(PAYLOAD, stripeHeader(TEXT, SECRET, T))).isEqualTo(Verdict.VALID);
    assertThat(verifier.verify(PAYLOAD, stripeHeader(TEXT, OLD_SECRET, T)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void agreesWithStripeJavaOnUtf8Text() throws Exception {
    String text = "{\"city\":\"Zürich – Ōsaka 😀\"}";
    String header = stripeHeader(text, SECRET, T);

    assertThat(Webhook.Signature.verifyHeader(text, header, SECRET, 300, CLOCK)).isTrue();
    assertThat(verifier.verify(text.getBytes(StandardCharsets.UTF_8), header))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void tellsAnExpiredSignatureFromAWrongOne() throws Exception {
    assertThat(verifier.verify(PAYLOAD, stripeHeader(TEXT, SECRET, T - 301)))
        .isEqualTo(Verdict.EXPIRED);
    assertThat(verifier.verify(PAYLOAD, stripeHeader(TEXT, "whsec_other", T - 301)))
        .isEqualTo(Verdict.NO_MATCH);
    assertThat(
            verifier.verify(
                (TEXT + " ").getBytes(StandardCharsets.UTF_8), stripeHeader(TEXT, SECRET, T)))
        .isEqualTo(Verdict.NO_MATCH);
  }

  @Test
  void refusesATimestampFurtherAheadThanTheTolerance() throws Exception {
    // stripe-java accepts any future timestamp (its check is one-sided), even ten years ahead.
    long tenYears = Duration.ofDays(3653).toSeconds();
    assertThat(
            Webhook.Signature.verifyHeader(
                TEXT, stripeHeader(TEXT, SECRET, T + tenYears), SECRET, 300, CLOCK))
        .isTrue();

    assertThat(verifier.verify(PAYLOAD, stripeHeader(TEXT, SECRET, T + tenYears)))
        .isEqualTo(Verdict.NOT_YET_VALID);
    assertThat(verifier.verify(PAYLOAD, stripeHeader(TEXT, SECRET, T + 301)))
        .isEqualTo(Verdict.NOT_YET_VALID);
    assertThat(verifier.verify(PAYLOAD, stripeHeader(TEXT, SECRET, T + 300)))
        .isEqualTo(Verdict.VALID);
    assertThat(verifier.verify(PAYLOAD, stripeHeader(TEXT, SECRET, T - 300)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void verifiesTheExactBytesNotTheirDecodedText() {
    // 0xFF and a lone 0x80 are not UTF-8: as text both decode to U+FFFD, as bytes they differ.
    byte[] signed = bytes("{\"name\":\"", 0xFF, "\"}");
    byte[] other = bytes("{\"name\":\"", 0x80, "\"}");
    byte[] replaced = "{\"name\":\"\uFFFD\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(new String(signed, StandardCharsets.UTF_8))
        .isEqualTo(new String(other, StandardCharsets.UTF_8));
    String header = StripeSignatures.header(signed, SECRET, T);

    assertThat(verifier.verify(signed, header)).isEqualTo(Verdict.VALID);
    assertThat(verifier.verify(other, header)).isEqualTo(Verdict.NO_MATCH);
    assertThat(verifier.verify(replaced, header)).isEqualTo(Verdict.NO_MATCH);
    // The text stripe-java would have checked: the replaced form no longer passes for the original.
    assertThat(
            verifier.verify(
                replaced,
                StripeSignatures.header(new String(signed, StandardCharsets.UTF_8), SECRET, T)))
        .isEqualTo(Verdict.VALID);
    assertThat(
            verifier.verify(
                signed,
                StripeSignatures.header(new String(signed, StandardCharsets.UTF_8), SECRET, T)))
        .isEqualTo(Verdict.NO_MATCH);
  }

  @Test
  void acceptsAHeaderCarryingSeveralV1Signatures() throws Exception {
    // Stripe signs with every active secret of the endpoint while one is being rolled.
    String other = stripeHeader(TEXT, "whsec_other", T);
    String ours = stripeHeader(TEXT, SECRET, T);
    String header = other + "," + ours.substring(ours.indexOf("v1="));

    assertThat(verifier.verify(PAYLOAD, header)).isEqualTo(Verdict.VALID);
  }

  @Test
  void readsTheHeaderAsStripeJavaDoes() throws Exception {
    String ours = stripeHeader(TEXT, SECRET, T);
    String v1 = ours.substring(ours.indexOf("v1="));

    // Other schemes are ignored, the order of the parts does not matter, the first t counts.
    assertThat(verifier.verify(PAYLOAD, v1 + ",v0=abc,t=" + T)).isEqualTo(Verdict.VALID);
    assertThat(verifier.verify(PAYLOAD, "t=" + T + "," + v1 + ",t=1")).isEqualTo(Verdict.VALID);
    assertThat(verifier.verify(PAYLOAD, "t=1," + v1 + ",t=" + T)).isEqualTo(Verdict.NO_MATCH);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "garbage",
        "t=abc,v1=00",
        "t=,v1=",
        "v1=abc",
        "t=1788271500",
        ",,,",
        "=,=",
        "t=99999999999999999999,v1=0",
        "t=-1788271500,v1=0",
        "t= 1788271500",
        "t=+1788271500",
        "t=1788271500,v1=",
        "t=1788271500,v1=zz",
        "t=0,v1=00"
      })
  void refusesAMalformedHeader(String header) {
    assertThat(verifier.verify(PAYLOAD, header)).isEqualTo(Verdict.NO_MATCH);
  }

  @Test
  void refusesAMatchingSignatureUnderAMalformedTimestamp() throws Exception {
    String v1 = stripeHeader(TEXT, SECRET, T).substring(("t=" + T + ",").length());

    assertThat(verifier.verify(PAYLOAD, "t=" + T + "x," + v1)).isEqualTo(Verdict.NO_MATCH);
    assertThat(verifier.verify(PAYLOAD, v1)).isEqualTo(Verdict.NO_MATCH);
  }

  @Test
  void followsTheInjectedClock() throws Exception {
    String header = stripeHeader(TEXT, SECRET, T);
    var later =
        new StripeSignatureVerifier(
            List.of(SECRET), Duration.ofSeconds(300), Clock.offset(CLOCK, Duration.ofSeconds(301)));
    var earlier =
        new StripeSignatureVerifier(
            List.of(SECRET),
            Duration.ofSeconds(300),
            Clock.offset(CLOCK, Duration.ofSeconds(-301)));

    assertThat(later.verify(PAYLOAD, header)).isEqualTo(Verdict.EXPIRED);
    assertThat(earlier.verify(PAYLOAD, header)).isEqualTo(Verdict.NOT_YET_VALID);
  }

  @Test
  void needsASecretAndAPositiveTolerance() {
    assertThatThrownBy(() -> new StripeSignatureVerifier(List.of(), Duration.ofSeconds(300), CLOCK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StripeSignatureVerifier(List.of(SECRET), Duration.ZERO, CLOCK))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Text parts as UTF-8, int parts as single raw bytes. */
  static byte[] bytes(Object... parts) {
    var out = new java.io.ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof Integer b) {
        out.write(b);
      } else {
        out.writeBytes(part.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }
}
