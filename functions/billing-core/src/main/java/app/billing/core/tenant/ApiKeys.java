package app.billing.core.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * API keys: {@value #PREFIX} followed by 32 random bytes from {@link SecureRandom}, base64url
 * without padding (51 characters in all). Only the SHA-256 of a key (lower-case hex) is stored; its
 * first {@value #KEY_ID_LENGTH} hex characters are the public key id used in listings and to
 * revoke.
 */
public final class ApiKeys {
  public static final String PREFIX = "bk_live_";
  public static final int KEY_ID_LENGTH = 12;

  static final int RANDOM_BYTES = 32;

  /** Base64 of 32 bytes without padding. */
  private static final int ENCODED_LENGTH = 43;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final HexFormat HEX = HexFormat.of();

  private final SecureRandom random;

  public ApiKeys() {
    this(new SecureRandom());
  }

  public ApiKeys(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * A new key for the tenant; the caller stores {@link IssuedKey#record()} and shows the key once.
   */
  public IssuedKey issue(String tenantId, Instant createdAt) {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(createdAt, "createdAt");
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    String key = PREFIX + ENCODER.encodeToString(bytes);
    String hash = hash(key);
    return new IssuedKey(key, new ApiKeyRecord(keyId(hash), hash, tenantId, createdAt));
  }

  /** Lower-case hex SHA-256 of the key's UTF-8 bytes. */
  public static String hash(String apiKey) {
    Objects.requireNonNull(apiKey, "apiKey");
    return HEX.formatHex(sha256().digest(apiKey.getBytes(StandardCharsets.UTF_8)));
  }

  /** The public id of the key with this hash: its first {@value #KEY_ID_LENGTH} hex characters. */
  public static String keyId(String keyHash) {
    if (keyHash == null || keyHash.length() < KEY_ID_LENGTH) {
      throw new IllegalArgumentException("not a key hash");
    }
    return keyHash.substring(0, KEY_ID_LENGTH);
  }

  /** True for a string shaped like a key this class issues; checked before any lookup. */
  public static boolean isWellFormed(String candidate) {
    if (candidate == null
        || candidate.length() != PREFIX.length() + ENCODED_LENGTH
        || !candidate.startsWith(PREFIX)) {
      return false;
    }
    for (int i = PREFIX.length(); i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      boolean base64url =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!base64url) {
        return false;
      }
    }
    return true;
  }

  /** True for a string shaped like a key id (lower-case hex of the right length). */
  public static boolean isKeyId(String candidate) {
    if (candidate == null || candidate.length() != KEY_ID_LENGTH) {
      return false;
    }
    return candidate.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
