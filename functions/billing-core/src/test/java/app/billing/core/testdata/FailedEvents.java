package app.billing.core.testdata;

import app.billing.core.model.FailedEvent;
import app.billing.core.model.FailedEvent.Stage;
import java.time.Instant;
import java.util.List;

/**
 * {@link FailedEvent}s for tests: failed at the event (records not updated) or at its emails. One
 * attempt and no emails unless said.
 */
public final class FailedEvents {
  private FailedEvents() {}

  public static Builder atEvent() {
    return atStage(Stage.EVENT);
  }

  public static Builder atEmail(String... emails) {
    return atStage(Stage.EMAIL).emails(List.of(emails));
  }

  public static Builder atStage(Stage stage) {
    return new Builder(stage);
  }

  public static final class Builder {
    private final Stage stage;
    private String eventId;
    private String eventType;
    private String customerId;
    private String tenantId;
    private String reason;
    private List<String> emails = List.of();
    private Instant firstFailedAt;
    private Instant lastFailedAt;
    private long attempts = 1;
    private String payload;

    private Builder(Stage stage) {
      this.stage = stage;
    }

    public Builder event(String eventId, String eventType) {
      this.eventId = eventId;
      this.eventType = eventType;
      return this;
    }

    public Builder customer(String customerId) {
      this.customerId = customerId;
      return this;
    }

    public Builder tenant(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder emails(List<String> emails) {
      this.emails = emails;
      return this;
    }

    /** First and last failure at the same time: failed once. */
    public Builder failedAt(Instant at) {
      return failedAt(at, at);
    }

    public Builder failedAt(Instant first, Instant last) {
      this.firstFailedAt = first;
      this.lastFailedAt = last;
      return this;
    }

    public Builder attempts(long attempts) {
      this.attempts = attempts;
      return this;
    }

    public Builder payload(String payload) {
      this.payload = payload;
      return this;
    }

    public FailedEvent build() {
      return new FailedEvent(
          eventId,
          eventType,
          customerId,
          tenantId,
          stage,
          reason,
          emails,
          firstFailedAt,
          lastFailedAt,
          attempts,
          payload);
    }
  }
}
