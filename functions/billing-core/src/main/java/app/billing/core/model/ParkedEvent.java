package app.billing.core.model;

/** An event kept until its customer is linked to a tenant. */
public record ParkedEvent(
    String customerId, String eventId, String eventType, long created, String payload) {}
