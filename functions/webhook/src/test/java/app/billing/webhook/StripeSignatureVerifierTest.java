package app.billing.webhook;

import static app.billing.webhook.Fixtures.CLOCK;
import static app.billing.webhook.Fixtures.NOW;
import static app.billing.webhook.Fixtures.OLD_SECRET;
import static app.billing.webhook.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.testkit.StripeSignatures;
import app.billing.webhook.StripeSignatureVerifier.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StripeSignatureVerifierTest {
  private static final String PAYLOAD = "{\"id\":\"evt_1\",\"object\":\"event\"}";
  private static final long T = NOW.getEpochSecond();

  private final StripeSignatureVerifier verifier =
      new StripeSignatureVerifier(List.of(OLD_SECRET, SECRET), Duration.ofSeconds(300), CLOCK);

  @Test
  void acceptsEitherSecret() {
    assertThat(verifier.verify(PAYLOAD, StripeSignatures.header(PAYLOAD, SECRET, T))).isEqualTo(Verdict.VALID);
    assertThat(verifier.verify(PAYLOAD, StripeSignatures.header(PAYLOAD, OLD_SECRET, T))).isEqualTo(Verdict.VALID);
  }

  @Test
  void tellsAnExpiredSignatureFromAWrongOne() {
    assertThat(verifier.verify(PAYLOAD, StripeSignatures.header(PAYLOAD, SECRET, T - 301)))
        .isEqualTo(Verdict.EXPIRED);
    assertThat(verifier.verify(PAYLOAD, StripeSignatures.header(PAYLOAD, "whsec_other", T - 301)))
        .isEqualTo(Verdict.NO_MATCH);
    assertThat(verifier.verify(PAYLOAD + " ", StripeSignatures.header(PAYLOAD, SECRET, T)))
        .isEqualTo(Verdict.NO_MATCH);
  }

  @Test
  void acceptsAHeaderCarryingSeveralV1Signatures() {
    // Stripe signs with every active secret of the endpoint while one is being rolled.
    String other = StripeSignatures.header(PAYLOAD, "whsec_other", T);
    String ours = StripeSignatures.header(PAYLOAD, SECRET, T);
    String header = other + "," + ours.substring(ours.indexOf("v1="));

    assertThat(verifier.verify(PAYLOAD, header)).isEqualTo(Verdict.VALID);
  }

  @Test
  void followsTheInjectedClock() {
    String header = StripeSignatures.header(PAYLOAD, SECRET, T);
    var later = new StripeSignatureVerifier(List.of(SECRET), Duration.ofSeconds(300),
        java.time.Clock.offset(CLOCK, Duration.ofSeconds(301)));

    assertThat(later.verify(PAYLOAD, header)).isEqualTo(Verdict.EXPIRED);
  }

  @Test
  void needsASecretAndAPositiveTolerance() {
    assertThatThrownBy(() -> new StripeSignatureVerifier(List.of(), Duration.ofSeconds(300), CLOCK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StripeSignatureVerifier(List.of(SECRET), Duration.ZERO, CLOCK))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
