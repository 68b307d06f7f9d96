package app.billing.core.testdata;

import app.billing.core.model.EventVersion;
import app.billing.core.model.SubscriptionRecord;
import java.time.Instant;

/**
 * {@link SubscriptionRecord}s for tests: a status, then only the fields that matter. Unset fields
 * are null (false for {@code cancelAtPeriodEnd}); the cycle is monthly, the quantity 1.
 */
public final class SubscriptionRecords {
  private SubscriptionRecords() {}

  public static Builder active() {
    return withStatus("active");
  }

  public static Builder trialing() {
    return withStatus("trialing");
  }

  public static Builder pastDue() {
    return withStatus("past_due");
  }

  public static Builder canceled() {
    return withStatus("canceled");
  }

  public static Builder withStatus(String status) {
    return new Builder().status(status);
  }

  /** A builder holding every field of {@code record}, to change a few. */
  public static Builder from(SubscriptionRecord record) {
    return new Builder()
        .tenant(record.tenantId())
        .customer(record.customerId())
        .subscription(record.subscriptionId())
        .status(record.status())
        .plan(record.planKey())
        .price(record.priceId())
        .cycle(record.billingCycle())
        .quantity(record.quantity())
        .periodStart(record.currentPeriodStart())
        .periodEnd(record.currentPeriodEnd())
        .trialEnd(record.trialEnd())
        .cancelAtPeriodEnd(record.cancelAtPeriodEnd())
        .cancelAt(record.cancelAt())
        .canceledAt(record.canceledAt())
        .endedAt(record.endedAt())
        .cancellationReason(record.cancellationReason())
        .pastDueSince(record.pastDueSince())
        .version(record.version());
  }

  public static final class Builder {
    private String tenantId;
    private String customerId;
    private String subscriptionId;
    private String status;
    private String planKey;
    private String priceId;
    private String billingCycle = "monthly";
    private long quantity = 1;
    private Instant currentPeriodStart;
    private Instant currentPeriodEnd;
    private Instant trialEnd;
    private boolean cancelAtPeriodEnd;
    private Instant cancelAt;
    private Instant canceledAt;
    private Instant endedAt;
    private String cancellationReason;
    private Instant pastDueSince;
    private EventVersion version;

    private Builder() {}

    public Builder tenant(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    public Builder customer(String customerId) {
      this.customerId = customerId;
      return this;
    }

    public Builder subscription(String subscriptionId) {
      this.subscriptionId = subscriptionId;
      return this;
    }

    public Builder status(String status) {
      this.status = status;
      return this;
    }

    /** The catalog key of the plan. */
    public Builder plan(String planKey) {
      this.planKey = planKey;
      return this;
    }

    public Builder price(String priceId) {
      this.priceId = priceId;
      return this;
    }

    public Builder cycle(String billingCycle) {
      this.billingCycle = billingCycle;
      return this;
    }

    public Builder quantity(long quantity) {
      this.quantity = quantity;
      return this;
    }

    public Builder period(Instant start, Instant end) {
      return periodStart(start).periodEnd(end);
    }

    public Builder periodStart(Instant currentPeriodStart) {
      this.currentPeriodStart = currentPeriodStart;
      return this;
    }

    public Builder periodEnd(Instant currentPeriodEnd) {
      this.currentPeriodEnd = currentPeriodEnd;
      return this;
    }

    public Builder trialEnd(Instant trialEnd) {
      this.trialEnd = trialEnd;
      return this;
    }

    public Builder cancelAtPeriodEnd(boolean cancelAtPeriodEnd) {
      this.cancelAtPeriodEnd = cancelAtPeriodEnd;
      return this;
    }

    public Builder cancelAt(Instant cancelAt) {
      this.cancelAt = cancelAt;
      return this;
    }

    public Builder canceledAt(Instant canceledAt) {
      this.canceledAt = canceledAt;
      return this;
    }

    public Builder endedAt(Instant endedAt) {
      this.endedAt = endedAt;
      return this;
    }

    public Builder cancellationReason(String cancellationReason) {
      this.cancellationReason = cancellationReason;
      return this;
    }

    public Builder pastDueSince(Instant pastDueSince) {
      this.pastDueSince = pastDueSince;
      return this;
    }

    public Builder version(EventVersion version) {
      this.version = version;
      return this;
    }

    public Builder version(long created, String eventId) {
      return version(new EventVersion(created, eventId));
    }

    public SubscriptionRecord build() {
      return new SubscriptionRecord(
          tenantId,
          customerId,
          subscriptionId,
          status,
          planKey,
          priceId,
          billingCycle,
          quantity,
          currentPeriodStart,
          currentPeriodEnd,
          trialEnd,
          cancelAtPeriodEnd,
          cancelAt,
          canceledAt,
          endedAt,
          cancellationReason,
          pastDueSince,
          version);
    }
  }
}
