package app.billing.core.model;

import java.time.Instant;

/**
 * One line of a tenant's billing history: which event arrived and what we did with it.
 *
 * @param reason why the event (outcome {@code failed}) or one of its emails failed for good; null
 *     when nothing failed
 */
public record AuditEntry(
    String tenantId,
    String eventId,
    String eventType,
    long eventCreated,
    Outcome outcome,
    Instant processedAt,
    String reason) {

  public AuditEntry(
      String tenantId,
      String eventId,
      String eventType,
      long eventCreated,
      Outcome outcome,
      Instant processedAt) {
    this(tenantId, eventId, eventType, eventCreated, outcome, processedAt, null);
  }
}
