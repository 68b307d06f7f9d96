package app.billing.core.testdata;

import app.billing.core.model.AuditEntry;
import app.billing.core.model.Outcome;
import java.time.Instant;

/** {@link AuditEntry}s for tests: the outcome first; no reason unless said. */
public final class AuditEntries {
  private AuditEntries() {}

  public static Builder applied() {
    return withOutcome(Outcome.APPLIED);
  }

  public static Builder withOutcome(Outcome outcome) {
    return new Builder(outcome);
  }

  public static final class Builder {
    private final Outcome outcome;
    private String tenantId;
    private String eventId;
    private String eventType;
    private long eventCreated;
    private Instant processedAt;
    private String reason;

    private Builder(Outcome outcome) {
      this.outcome = outcome;
    }

    public Builder tenant(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /** The event's id, type and {@code created} (epoch seconds). */
    public Builder event(String eventId, String eventType, long eventCreated) {
      this.eventId = eventId;
      this.eventType = eventType;
      this.eventCreated = eventCreated;
      return this;
    }

    public Builder processedAt(Instant processedAt) {
      this.processedAt = processedAt;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public AuditEntry build() {
      return new AuditEntry(
          tenantId, eventId, eventType, eventCreated, outcome, processedAt, reason);
    }
  }
}
