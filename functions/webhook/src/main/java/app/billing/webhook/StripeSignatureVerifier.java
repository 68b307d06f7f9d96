package app.billing.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a {@code Stripe-Signature} header against the exact bytes Stripe signed, with any of
 * several endpoint secrets (so a secret can be rolled without dropping events).
 *
 * <p>Stripe's scheme ({@code v1}): HMAC-SHA256, keyed with the endpoint secret, of the header's
 * timestamp, a dot and the body's bytes. stripe-java's {@code Webhook.Signature.verifyHeader} only
 * takes the body as a {@code String} it encodes itself, so bytes that are not UTF-8 would be
 * checked in their replaced form (different bytes, same signature), and it accepts any timestamp in
 * the future. Here the JDK's {@link Mac} signs the bytes as received, the header is read as
 * stripe-java reads it (first {@code t}, every {@code v1}), and signatures are compared in constant
 * time.
 */
public final class StripeSignatureVerifier {

  /** Stripe's recommended tolerance between the signed timestamp and now, either way. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

  private static final String ALGORITHM = "HmacSHA256";
  private static final String SCHEME = "v1";
  private static final int SIGNATURE_HEX_LENGTH = 64;

  /** Longer than any real timestamp: keeps a hostile header from costing anything to parse. */
  private static final int MAX_TIMESTAMP_DIGITS = 12;

  /** Why a header was or was not accepted; for logs and tests, never shown to the caller. */
  public enum Verdict {
    VALID,
    /** Malformed header, or no signature in it matches any of our secrets. */
    NO_MATCH,
    /** A signature matches, but its timestamp is older than the tolerance (a replay?). */
    EXPIRED,
    /** A signature matches, but its timestamp is further ahead than the tolerance. */
    NOT_YET_VALID
  }

  /** One keyed MAC per secret, never used itself: each verification works on a clone. */
  private final List<Mac> keyedMacs;

  private final long toleranceSeconds;
  private final Clock clock;

  public StripeSignatureVerifier(List<String> secrets, Duration tolerance, Clock clock) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one webhook secret is required");
    }
    if (tolerance.toSeconds() <= 0) {
      throw new IllegalArgumentException("tolerance must be positive");
    }
    List<Mac> macs = new ArrayList<>(secrets.size());
    for (String secret : secrets) {
      macs.add(copy(keyedMac(secret)));
    }
    this.keyedMacs = List.copyOf(macs);
    this.toleranceSeconds = tolerance.toSeconds();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param payload the body's bytes exactly as Stripe sent them
   * @param signatureHeader the {@code Stripe-Signature} header
   */
  public Verdict verify(byte[] payload, String signatureHeader) {
    Objects.requireNonNull(payload, "payload");
    SignatureHeader header = SignatureHeader.parse(signatureHeader);
    if (header == null) {
      return Verdict.NO_MATCH;
    }
    byte[] prefix = (header.timestamp + ".").getBytes(StandardCharsets.US_ASCII);
    boolean matched = false;
    for (Mac keyed : keyedMacs) {
      Mac mac = copy(keyed);
      mac.update(prefix);
      byte[] expected = mac.doFinal(payload);
      for (byte[] candidate : header.signatures) {
        // Constant time: how much of a forged signature matches must not show in the response time.
        matched |= MessageDigest.isEqual(expected, candidate);
      }
    }
    if (!matched) {
      return Verdict.NO_MATCH;
    }
    long now = clock.instant().getEpochSecond();
    if (header.timestamp < now - toleranceSeconds) {
      return Verdict.EXPIRED;
    }
    if (header.timestamp > now + toleranceSeconds) {
      return Verdict.NOT_YET_VALID;
    }
    return Verdict.VALID;
  }

  /**
   * {@code t=<seconds>,v1=<hex>[,v1=<hex>...]}, other schemes ignored: the first {@code t} counts
   * and every {@code v1} is a candidate, as stripe-java reads it.
   */
  private record SignatureHeader(long timestamp, List<byte[]> signatures) {

    /** Null when the header has no valid timestamp or no well-formed {@code v1} signature. */
    static SignatureHeader parse(String header) {
      if (header == null) {
        return null;
      }
      long timestamp = -1;
      List<byte[]> signatures = new ArrayList<>(2);
      int start = 0;
      while (start <= header.length()) {
        int end = header.indexOf(',', start);
        if (end < 0) {
          end = header.length();
        }
        int equals = header.indexOf('=', start);
        if (equals > start && equals < end) {
          String key = header.substring(start, equals);
          if (key.equals("t") && timestamp < 0) {
            timestamp = timestamp(header, equals + 1, end);
            if (timestamp <= 0) {
              return null;
            }
          } else if (key.equals(SCHEME) && end - equals - 1 == SIGNATURE_HEX_LENGTH) {
            byte[] signature = hex(header, equals + 1, end);
            if (signature != null) {
              signatures.add(signature);
            }
          }
        }
        start = end + 1;
      }
      return timestamp > 0 && !signatures.isEmpty()
          ? new SignatureHeader(timestamp, signatures)
          : null;
    }

    /** Decimal digits only (no sign, no spaces); -1 when malformed. */
    private static long timestamp(String header, int from, int to) {
      if (to <= from || to - from > MAX_TIMESTAMP_DIGITS) {
        return -1;
      }
      long value = 0;
      for (int i = from; i < to; i++) {
        char c = header.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
        value = value * 10 + (c - '0');
      }
      return value;
    }

    private static byte[] hex(String header, int from, int to) {
      try {
        return HexFormat.of().parseHex(header, from, to);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }

  /**
   * The {@code Stripe-Signature} header Stripe would send for {@code payload} (priming signs its
   * canned event with it).
   */
  public static String header(String payload, String secret, long timestamp) {
    byte[] signature =
        keyedMac(secret).doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
    return "t=" + timestamp + "," + SCHEME + "=" + java.util.HexFormat.of().formatHex(signature);
  }

  private static Mac keyedMac(String secret) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      // Stripe keys the HMAC with the whole secret string, "whsec_" prefix included, as UTF-8.
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    }
  }

  /** A fresh MAC with the key already set: cheaper than getInstance and init on every request. */
  private static Mac copy(Mac keyed) {
    try {
      return (Mac) keyed.clone();
    } catch (CloneNotSupportedException e) {
      // The JDK's HmacSHA256 is cloneable; the constructor makes one copy, so this shows at init.
      throw new IllegalStateException(
          ALGORITHM + " of " + keyed.getProvider() + " is not cloneable", e);
    }
  }
}
