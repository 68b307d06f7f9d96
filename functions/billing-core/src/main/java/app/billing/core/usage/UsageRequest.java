package app.billing.core.usage;

import app.billing.core.error.ValidationException;
import app.billing.core.http.JsonBody;
import java.util.Set;

/**
 * The body of {@code POST /billing/usage}: {@code {"meter", "value", "idempotency_key"}}, all
 * required. The key is required because a usage report without one cannot be retried safely: a lost
 * answer would otherwise be counted twice.
 *
 * @param value a whole number from 1 to {@value #MAX_VALUE}
 * @param idempotencyKey 1 to {@value #MAX_KEY_LENGTH} printable ASCII characters
 */
public record UsageRequest(String meter, long value, String idempotencyKey) {
  public static final Set<String> FIELDS = Set.of("meter", "value", "idempotency_key");

  /** Larger single reports are far more likely a client bug than real usage. */
  public static final long MAX_VALUE = 1_000_000;

  public static final int MAX_KEY_LENGTH = 255;

  /**
   * @throws ValidationException for malformed JSON, unknown fields or bad values
   */
  public static UsageRequest fromJson(String body) {
    JsonBody json = JsonBody.parse(body, FIELDS);
    String meter = json.requiredString("meter");
    long value =
        json.optionalInteger("value", 1, MAX_VALUE)
            .orElseThrow(() -> ValidationException.field("value", "'value' is required."));
    String key = json.requiredString("idempotency_key");
    if (key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
      throw ValidationException.field(
          "idempotency_key",
          "'idempotency_key' must be 1 to "
              + MAX_KEY_LENGTH
              + " printable ASCII characters (a UUID is a good choice).");
    }
    return new UsageRequest(meter, value, key);
  }
}
