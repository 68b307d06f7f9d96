package app.billing.core.tenant;

import java.util.Objects;

/**
 * A freshly issued API key: the plain key, shown to the operator once and never stored, and what is
 * stored of it.
 *
 * <p>{@link #toString()} leaves the plain key out, so logging or printing the record by mistake
 * does not leak it.
 */
public record IssuedKey(String apiKey, ApiKeyRecord record) {
  public IssuedKey {
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(record, "record");
  }

  public String keyId() {
    return record.keyId();
  }

  @Override
  public String toString() {
    return "IssuedKey[keyId="
        + record.keyId()
        + ", tenantId="
        + record.tenantId()
        + ", apiKey=<redacted>]";
  }
}
