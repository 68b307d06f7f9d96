package app.billing.core.model;

import java.time.Instant;

/** One line of a tenant's billing history: which event arrived and what we did with it. */
public record AuditEntry(String tenantId, String eventId, String eventType, long eventCreated,
    Outcome outcome, Instant processedAt) {}
