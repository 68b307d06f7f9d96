package app.billing.core.checkout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic Stripe idempotency keys. Stripe remembers a key for 24 hours and answers a repeat
 * with the first response, as long as the parameters are the same (other parameters under the same
 * key are refused with {@code idempotency_error}).
 */
public final class IdempotencyKeys {
  /** Stripe's limit on the key's length. */
  static final int MAX_LENGTH = 255;

  private IdempotencyKeys() {}

  /**
   * {@code customer:<tenantId>}: two racing first checkouts of a tenant, or a retry after a crash
   * between creating the customer and storing it, get the same customer from Stripe.
   */
  public static String customer(String tenantId) {
    return bounded("customer:" + tenantId);
  }

  /**
   * {@code checkout:<tenantId>:<plan>:<cycle>:<quantity>:<window>:<fingerprint>}. A double submit or
   * client retry within the same 10-second window gets the same session back instead of a second
   * open session. The fingerprint (customer, redirect URLs, tax flag) covers the parameters that do
   * not follow from plan, cycle and quantity, so a request that differs only in them gets its own key
   * instead of Stripe's {@code idempotency_error}. Two requests on either side of a window boundary
   * get two sessions; harmless, an unused session expires after 24 hours.
   */
  public static String checkout(String tenantId, String plan, String cycle, long quantity, long window,
      String customerId, String successUrl, String cancelUrl, boolean automaticTax) {
    String fingerprint = sha256(customerId + "\n" + successUrl + "\n" + cancelUrl + "\n" + automaticTax)
        .substring(0, 16);
    return bounded("checkout:" + tenantId + ":" + plan + ":" + cycle + ":" + quantity + ":" + window
        + ":" + fingerprint);
  }

  /** Keys over Stripe's limit (only with very long tenant ids) become prefix + SHA-256 of the key. */
  static String bounded(String key) {
    if (key.length() <= MAX_LENGTH) {
      return key;
    }
    return key.substring(0, key.indexOf(':') + 1) + sha256(key);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
