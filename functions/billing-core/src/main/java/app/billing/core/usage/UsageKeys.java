package app.billing.core.usage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The client's {@code idempotency_key}, folded with the tenant, as the two keys Stripe dedupes by:
 * equal keys of two tenants never meet at Stripe, and the client's key itself never reaches Stripe.
 */
public final class UsageKeys {
  private UsageKeys() {}

  /**
   * The meter event's {@code identifier}: {@code usage_<sha256(tenant, key)>}, 70 characters
   * (Stripe allows 100). Stripe counts one event per identifier for at least 24 hours.
   */
  public static String identifier(String tenantId, String clientKey) {
    return "usage_" + sha256(tenantId + "\n" + clientKey);
  }

  /**
   * The request's {@code Idempotency-Key}: {@code usage:<sha256(tenant, key)>}. A retry with the
   * same body gets Stripe's first answer back; the same key with another value is Stripe's {@code
   * idempotency_error} (409 {@code idempotency_key_reused}).
   */
  public static String request(String tenantId, String clientKey) {
    return "usage:" + sha256(tenantId + "\n" + clientKey);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
