package app.billing.webhook;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Checks a {@code Stripe-Signature} header against the exact payload Stripe signed, with any of
 * several endpoint secrets (so a secret can be rolled without dropping events).
 */
public final class StripeSignatureVerifier {

  /** Stripe's recommended tolerance between the signed timestamp and now. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

  /** Why a header was or was not accepted; for logs and tests, never shown to the caller. */
  public enum Verdict {
    VALID,
    /** Malformed header, or no signature in it matches any of our secrets. */
    NO_MATCH,
    /** A signature matches, but its timestamp is older than the tolerance (a replay?). */
    EXPIRED
  }

  private final List<String> secrets;
  private final long toleranceSeconds;
  private final Clock clock;

  public StripeSignatureVerifier(List<String> secrets, Duration tolerance, Clock clock) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one webhook secret is required");
    }
    if (tolerance.toSeconds() <= 0) {
      throw new IllegalArgumentException("tolerance must be positive");
    }
    this.secrets = List.copyOf(secrets);
    this.toleranceSeconds = tolerance.toSeconds();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Verdict verify(String payload, String signatureHeader) {
    for (String secret : secrets) {
      if (matches(payload, signatureHeader, secret, toleranceSeconds)) {
        return Verdict.VALID;
      }
    }
    // stripe-java skips the timestamp check when tolerance is 0: tells "expired" from "wrong".
    for (String secret : secrets) {
      if (matches(payload, signatureHeader, secret, 0)) {
        return Verdict.EXPIRED;
      }
    }
    return Verdict.NO_MATCH;
  }

  private boolean matches(String payload, String header, String secret, long tolerance) {
    try {
      return Webhook.Signature.verifyHeader(payload, header, secret, tolerance, clock);
    } catch (SignatureVerificationException e) {
      return false;
    } catch (RuntimeException e) {
      // e.g. NumberFormatException for "t=abc": a malformed header is a bad request, not a 500.
      return false;
    }
  }
}
