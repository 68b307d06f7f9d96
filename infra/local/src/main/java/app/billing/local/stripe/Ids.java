package app.billing.local.stripe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Stripe-looking object ids: a prefix and base62 characters. */
final class Ids {
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  static String random(String prefix, int length) {
    StringBuilder id = new StringBuilder(prefix);
    for (int i = 0; i < length; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }

  /**
   * The same id for the same seed, so catalog products and features keep their ids across restarts.
   */
  static String stable(String prefix, String seed, int length) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      StringBuilder id = new StringBuilder(prefix);
      for (int i = 0; i < length; i++) {
        id.append(ALPHABET.charAt((hash[i % hash.length] & 0xff) % ALPHABET.length()));
      }
      return id.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String customer() {
    return random("cus_", 14);
  }

  static String checkoutSession() {
    return random("cs_test_a1", 56);
  }

  static String subscription() {
    return random("sub_1", 23);
  }

  static String subscriptionItem() {
    return random("si_", 14);
  }

  static String invoice() {
    return random("in_1", 23);
  }

  static String invoiceLine() {
    return random("il_1", 23);
  }

  static String portalSession() {
    return random("bps_1", 23);
  }

  static String paymentIntent() {
    return random("pi_3", 23);
  }

  static String charge() {
    return random("ch_3", 23);
  }

  static String refund() {
    return random("re_3", 23);
  }

  static String dispute() {
    return random("dp_1", 23);
  }

  static String balanceTransaction() {
    return random("txn_3", 23);
  }

  static String paymentMethod() {
    return random("pm_1", 23);
  }

  static String event() {
    return random("evt_1", 23);
  }

  static String request() {
    return random("req_", 14);
  }

  static String lineItem() {
    return random("li_1", 23);
  }
}
