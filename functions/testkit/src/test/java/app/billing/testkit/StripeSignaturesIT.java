package app.billing.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import org.junit.jupiter.api.Test;

class StripeSignaturesIT {
  private static final String PAYLOAD = "{\"id\":\"evt_1\",\"object\":\"event\"}";
  private static final String SECRET = "whsec_test";

  @Test
  void headerPassesStripeVerification() throws Exception {
    String header = StripeSignatures.header(PAYLOAD, SECRET, Webhook.Util.getTimeNow());

    assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
    assertThat(Webhook.Signature.verifyHeader(PAYLOAD, header, SECRET, 300)).isTrue();
  }

  @Test
  void staleOrWrongSecretHeadersAreRejected() {
    long now = Webhook.Util.getTimeNow();
    assertThatThrownBy(
            () ->
                Webhook.Signature.verifyHeader(
                    PAYLOAD, StripeSignatures.header(PAYLOAD, SECRET, now - 600), SECRET, 300))
        .isInstanceOf(SignatureVerificationException.class);
    assertThatThrownBy(
            () ->
                Webhook.Signature.verifyHeader(
                    PAYLOAD, StripeSignatures.header(PAYLOAD, "whsec_other", now), SECRET, 300))
        .isInstanceOf(SignatureVerificationException.class);
  }

  @Test
  void theBytesHeaderOfUtf8IsStripesHeaderOfTheText() throws Exception {
    String text = "{\"name\":\"Zürich – Ōsaka 😀\"}";
    long now = Webhook.Util.getTimeNow();

    assertThat(
            StripeSignatures.header(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8), SECRET, now))
        .isEqualTo(Webhook.Signature.generateSignatureHeader(text, SECRET, now))
        .isEqualTo(StripeSignatures.header(text, SECRET, now));
  }
}
