package app.billing.testkit;

import com.stripe.net.Webhook;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds Stripe-Signature headers so tests can send webhook events that pass real verification. */
public final class StripeSignatures {
  private StripeSignatures() {}

  /**
   * {@code t=<timestamp>,v1=<hex HMAC-SHA256 of "timestamp.payload">}, exactly as Stripe signs
   * events.
   */
  public static String header(String payload, String secret, long timestampSeconds) {
    try {
      String signature = Webhook.Util.computeHmacSha256(secret, timestampSeconds + "." + payload);
      return "t=" + timestampSeconds + ",v1=" + signature;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /**
   * The same over bytes that need not be UTF-8 (stripe-java signs only strings): the HMAC of {@code
   * "<timestamp>."} followed by the bytes as given.
   */
  public static String header(byte[] payload, String secret, long timestampSeconds) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return "t=" + timestampSeconds + ",v1=" + HexFormat.of().formatHex(mac.doFinal(payload));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
