package app.billing.core.port;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * Stripe Billing Meters behind {@code /billing/usage}: meter events in, per-customer totals out.
 * Meters are named by their {@code event_name}; finding the meter's id is the adapter's business.
 * Every failure is a {@link StripeWrites.StripeCallException}, never a Stripe type.
 */
public interface UsageMeters {

  /**
   * Records one meter event. Stripe rejects a second event with the same {@code identifier} (for at
   * least 24 hours), and answers a repeated {@code idempotencyKey} with the first answer.
   */
  void record(MeterEvent event, String idempotencyKey);

  /**
   * The meter's aggregated value for the customer between {@code start} (inclusive) and {@code end}
   * (exclusive), both on whole minutes as Stripe requires. Stripe aggregates asynchronously: an
   * event recorded a moment ago may not be counted yet.
   */
  BigDecimal total(String eventName, String customerId, Instant start, Instant end);

  /**
   * @param identifier Stripe's dedupe key for the event (at most 100 characters)
   * @param value the usage, a positive whole number
   */
  record MeterEvent(String eventName, String customerId, long value, String identifier) {
    public MeterEvent {
      Objects.requireNonNull(eventName, "eventName");
      Objects.requireNonNull(customerId, "customerId");
      Objects.requireNonNull(identifier, "identifier");
      if (value < 1) {
        throw new IllegalArgumentException("value must be positive, got " + value);
      }
    }
  }
}
