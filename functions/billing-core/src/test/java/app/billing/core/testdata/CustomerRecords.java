package app.billing.core.testdata;

import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EventVersion;

/** {@link CustomerRecord}s for tests; neither delinquent nor deleted unless said. */
public final class CustomerRecords {
  private CustomerRecords() {}

  public static Builder customer() {
    return new Builder();
  }

  public static final class Builder {
    private String tenantId;
    private String customerId;
    private String email;
    private String name;
    private boolean delinquent;
    private boolean deleted;
    private EventVersion version;

    private Builder() {}

    public Builder tenant(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    public Builder id(String customerId) {
      this.customerId = customerId;
      return this;
    }

    public Builder email(String email) {
      this.email = email;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder delinquent(boolean delinquent) {
      this.delinquent = delinquent;
      return this;
    }

    public Builder deleted(boolean deleted) {
      this.deleted = deleted;
      return this;
    }

    public Builder version(EventVersion version) {
      this.version = version;
      return this;
    }

    public Builder version(long created, String eventId) {
      return version(new EventVersion(created, eventId));
    }

    public CustomerRecord build() {
      return new CustomerRecord(tenantId, customerId, email, name, delinquent, deleted, version);
    }
  }
}
