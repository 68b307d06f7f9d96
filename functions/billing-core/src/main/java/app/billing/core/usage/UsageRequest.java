package app.billing.core.usage;

/**
 * The body of {@code POST /billing/usage}: {@code {"meter", "value", "idempotency_key"}}, all
 * required; parsed by http-support's {@code RequestBodies.usage}. The key is required because a
 * usage report without one cannot be retried safely: a lost answer would otherwise be counted
 * twice.
 *
 * @param value a whole number from 1 to {@value #MAX_VALUE}
 * @param idempotencyKey 1 to {@value #MAX_KEY_LENGTH} printable ASCII characters
 */
public record UsageRequest(String meter, long value, String idempotencyKey) {
  /** Larger single reports are far more likely a client bug than real usage. */
  public static final long MAX_VALUE = 1_000_000;

  public static final int MAX_KEY_LENGTH = 255;
}
