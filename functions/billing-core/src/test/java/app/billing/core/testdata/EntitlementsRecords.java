package app.billing.core.testdata;

import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.EventVersion;
import java.util.List;

/** {@link EntitlementsRecord}s for tests: the granted feature lookup keys first. */
public final class EntitlementsRecords {
  private EntitlementsRecords() {}

  public static Builder granted(String... lookupKeys) {
    return granted(List.of(lookupKeys));
  }

  public static Builder granted(List<String> lookupKeys) {
    return new Builder(lookupKeys);
  }

  public static final class Builder {
    private final List<String> lookupKeys;
    private String tenantId;
    private String customerId;
    private EventVersion version;

    private Builder(List<String> lookupKeys) {
      this.lookupKeys = lookupKeys;
    }

    public Builder tenant(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    public Builder customer(String customerId) {
      this.customerId = customerId;
      return this;
    }

    public Builder version(EventVersion version) {
      this.version = version;
      return this;
    }

    public Builder version(long created, String eventId) {
      return version(new EventVersion(created, eventId));
    }

    public EntitlementsRecord build() {
      return new EntitlementsRecord(tenantId, customerId, lookupKeys, version);
    }
  }
}
