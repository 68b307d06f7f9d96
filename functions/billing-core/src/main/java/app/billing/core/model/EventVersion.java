package app.billing.core.model;

/**
 * Which Stripe event a stored record reflects. Records only move forward: a write carrying an older
 * {@code created} is stale; one with the same second but another event is a tie that is settled by
 * refetching the object from Stripe.
 *
 * @param created the event's {@code created}, epoch seconds
 */
public record EventVersion(long created, String eventId) {}
