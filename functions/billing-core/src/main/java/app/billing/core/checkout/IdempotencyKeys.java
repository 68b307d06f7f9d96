package app.billing.core.checkout;

import app.billing.core.error.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Deterministic Stripe idempotency keys. Stripe remembers a key for 24 hours and answers a repeat
 * with the first response, as long as the parameters are the same (other parameters under the same
 * key are refused with {@code idempotency_error}).
 */
public final class IdempotencyKeys {
  /** Stripe's limit on the key's length. */
  static final int MAX_LENGTH = 255;

  /**
   * The request header a client may send on {@code POST /billing/checkout} and {@code
   * /billing/portal}.
   */
  public static final String CLIENT_HEADER = "Idempotency-Key";

  private IdempotencyKeys() {}

  /**
   * {@code customer:<tenantId>}: two racing first checkouts of a tenant, or a retry after a crash
   * between creating the customer and storing it, get the same customer from Stripe.
   */
  public static String customer(String tenantId) {
    return bounded("customer:" + tenantId);
  }

  /**
   * {@code customer:<tenantId>:after:<deletedCustomerId>}: the tenant's next customer once the
   * previous one was deleted; the plain key would get the deleted customer back from Stripe.
   */
  public static String customerAfter(String tenantId, String deletedCustomerId) {
    return bounded("customer:" + tenantId + ":after:" + deletedCustomerId);
  }

  /**
   * {@code checkout:<tenantId>:<plan>:<cycle>:<quantity>:<window>:<fingerprint>}. A double submit
   * or client retry within the same 10-second window gets the same session back instead of a second
   * open session. The fingerprint (customer, redirect URLs, tax flag) covers the parameters that do
   * not follow from plan, cycle and quantity, so a request that differs only in them gets its own
   * key instead of Stripe's {@code idempotency_error}. Two requests on either side of a window
   * boundary get two sessions; harmless, an unused session expires after 24 hours.
   */
  public static String checkout(
      String tenantId,
      String plan,
      String cycle,
      long quantity,
      long window,
      String customerId,
      String successUrl,
      String cancelUrl,
      boolean automaticTax) {
    String fingerprint =
        sha256(customerId + "\n" + successUrl + "\n" + cancelUrl + "\n" + automaticTax)
            .substring(0, 16);
    return bounded(
        "checkout:"
            + tenantId
            + ":"
            + plan
            + ":"
            + cycle
            + ":"
            + quantity
            + ":"
            + window
            + ":"
            + fingerprint);
  }

  /**
   * The client's {@code Idempotency-Key} header, checked: 1 to 255 printable ASCII characters
   * (space to tilde), as Stripe accepts for its own key.
   *
   * @throws ValidationException 400 {@code invalid_idempotency_key} for anything else
   */
  public static Optional<String> clientKey(Optional<String> header) {
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String key = header.get();
    if (key.isEmpty()
        || key.length() > MAX_LENGTH
        || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
      throw new ValidationException(
          "invalid_idempotency_key",
          "The Idempotency-Key header must be 1 to "
              + MAX_LENGTH
              + " printable ASCII characters (a UUID is a good choice).");
    }
    return Optional.of(key);
  }

  /**
   * {@code checkout:<tenantId>:client:<sha256(clientKey)>}: a client's retry with its key gets the
   * same session for 24 hours (Stripe's key lifetime), whatever the time window; the same body
   * under another key is a new session. Folded with the tenant, so equal keys of two tenants never
   * meet at Stripe.
   */
  public static String checkoutForClient(String tenantId, String clientKey) {
    return bounded("checkout:" + tenantId + ":client:" + sha256(clientKey));
  }

  /**
   * {@code portal:<tenantId>:client:<sha256(clientKey)>}: a client's retry gets the same portal
   * session.
   */
  public static String portalForClient(String tenantId, String clientKey) {
    return bounded("portal:" + tenantId + ":client:" + sha256(clientKey));
  }

  /**
   * Keys over Stripe's limit (only with very long tenant ids) become prefix + SHA-256 of the key.
   */
  static String bounded(String key) {
    if (key.length() <= MAX_LENGTH) {
      return key;
    }
    return key.substring(0, key.indexOf(':') + 1) + sha256(key);
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
