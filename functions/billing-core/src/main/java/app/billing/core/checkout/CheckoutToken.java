package app.billing.core.checkout;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proof that our checkout created a Stripe object for a tenant: an HMAC-SHA256 over the tenant id
 * and the Stripe customer id, keyed with {@code CHECKOUT_TOKEN_KEY} (a Secrets Manager secret,
 * {@code CHECKOUT_TOKEN_KEY_ARN} when deployed).
 *
 * <p>Checkout writes {@code checkout_token} into the metadata of the Checkout session, of the
 * subscription it creates ({@code subscription_data}) and of the payment intent ({@code
 * payment_intent_data}), next to {@code tenantId}. Metadata is set only through our secret API key
 * (a Payment Link or Pricing Table cannot choose it, and {@code client_reference_id} is not
 * covered), so only our checkout can produce a token that verifies.
 *
 * <p>Contract for the consumer (provisioning's tenant resolution): given a {@code
 * checkout.session.completed} session (or a subscription / payment intent) whose metadata names a
 * tenant, link its customer to that tenant only if {@code verify(metadata, tenantId, customerId)}
 * holds for the object's own {@code metadata}, the tenant id it would link to, and the object's
 * {@code customer}. Otherwise the hint is untrusted: park the event, never link. The token carries
 * no expiry on purpose: Stripe retries for days and the reconciler and DLQ redrive replay older
 * events, all of which must still verify.
 *
 * <p>Why a token rather than the session id recorded in DynamoDB: the proof travels with the Stripe
 * object, so the reconciler, backfill and redrive can check it from the object alone, there is no
 * write to lose between creating the session and recording it, and nothing to expire or clean up.
 *
 * <p>{@code CHECKOUT_TOKEN_KEY} may hold several comma-separated keys while one is rolled: the
 * first signs, any verifies. Each key is at least {@value #MIN_KEY_LENGTH} characters.
 */
public final class CheckoutToken {
  /** Metadata key of the token on sessions, subscriptions and payment intents. */
  public static final String METADATA_KEY = "checkout_token";

  /** Metadata key of the tenant next to the token (as the Stripe adapter writes it). */
  public static final String TENANT_METADATA = "tenantId";

  /** 256 bits of a random key written as text. */
  public static final int MIN_KEY_LENGTH = 32;

  static final String VERSION = "v1";
  private static final String ALGORITHM = "HmacSHA256";

  private final List<SecretKeySpec> keys;

  private CheckoutToken(List<SecretKeySpec> keys) {
    this.keys = keys;
  }

  /**
   * @param secret one key, or several comma-separated (the first signs)
   * @throws IllegalArgumentException when a key is shorter than {@value #MIN_KEY_LENGTH} characters
   */
  public static CheckoutToken fromSecret(String secret) {
    Objects.requireNonNull(secret, "secret");
    List<SecretKeySpec> keys =
        Arrays.stream(secret.split(",", -1))
            .map(String::trim)
            .map(
                key -> {
                  if (key.length() < MIN_KEY_LENGTH) {
                    throw new IllegalArgumentException(
                        "each key must be at least " + MIN_KEY_LENGTH + " characters");
                  }
                  return new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM);
                })
            .toList();
    return new CheckoutToken(keys);
  }

  /** The token for the session our checkout creates for this tenant and customer. */
  public String sign(String tenantId, String customerId) {
    return VERSION + "." + mac(keys.getFirst(), tenantId, customerId);
  }

  /**
   * True when {@code metadata} carries a token our checkout signed for exactly this tenant and
   * customer, and its {@code tenantId} names the same tenant. Missing, malformed, tampered, or
   * signed for another tenant or customer: false.
   *
   * @param metadata the Stripe object's metadata (null counts as empty)
   * @param tenantId the tenant the caller would link the customer to
   * @param customerId the Stripe object's customer
   */
  public boolean verify(Map<String, String> metadata, String tenantId, String customerId) {
    if (metadata == null || tenantId == null || customerId == null) {
      return false;
    }
    String token = metadata.get(METADATA_KEY);
    if (token == null
        || !token.startsWith(VERSION + ".")
        || !tenantId.equals(metadata.get(TENANT_METADATA))) {
      return false;
    }
    byte[] presented = token.substring(VERSION.length() + 1).getBytes(StandardCharsets.US_ASCII);
    for (SecretKeySpec key : keys) {
      byte[] expected = mac(key, tenantId, customerId).getBytes(StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, presented)) {
        return true;
      }
    }
    return false;
  }

  /** Length-prefixed fields, so no pair of ids can run into another pair. */
  private static String mac(SecretKeySpec key, String tenantId, String customerId) {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(customerId, "customerId");
    String message =
        "checkout:"
            + VERSION
            + "\n"
            + tenantId.length()
            + ":"
            + tenantId
            + "\n"
            + customerId.length()
            + ":"
            + customerId;
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** Never the keys. */
  @Override
  public String toString() {
    return "CheckoutToken[keys=" + keys.size() + "]";
  }
}
