package app.billing.core.usage;

/**
 * The answer to {@code POST /billing/usage}: what Stripe accepted. A retry with the same {@code
 * idempotency_key} gets the same answer and is not counted again.
 *
 * @param identifier the meter event's identifier at Stripe
 */
public record UsageRecorded(String meter, long value, String identifier) {}
