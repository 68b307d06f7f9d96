package app.billing.core.outbound;

import app.billing.core.model.EventVersion;
import app.billing.core.recovery.RefetchVersion;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One change the host app hears about.
 *
 * @param subject the record that changed, e.g. {@code subscription:sub_1} or {@code payment:in_1}
 * @param version the version of the record after the change: consumers order by it and dedupe by
 *     {@link #id()}
 * @param changed names of the fields of {@code before}/{@code after} that differ
 * @param before the state before the change; null when the record is new (a snapshot record)
 * @param after the state after the change (a snapshot record)
 */
public record OutboundEvent(
    OutboundType type,
    String tenantId,
    String subject,
    EventVersion version,
    List<String> changed,
    Object before,
    Object after) {

  public OutboundEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(version, "version");
    changed = List.copyOf(changed);
    Objects.requireNonNull(after, "after");
  }

  /**
   * Stable across retries and redeliveries: the same change always has the same id, so it is what
   * consumers dedupe by.
   */
  public String id() {
    return type.detailType() + ":" + recordVersion(tenantId, subject, version);
  }

  /** The Stripe event behind the change; null for state refetched from Stripe (sync, backfill). */
  public String stripeEventId() {
    return RefetchVersion.isRefetch(version) ? null : version.eventId();
  }

  /** When the change happened at Stripe (the event's {@code created}). */
  public Instant time() {
    return Instant.ofEpochSecond(version.created());
  }

  /** Names one version of one record: every event of one write shares it. */
  public static String recordVersion(String tenantId, String subject, EventVersion version) {
    return tenantId + ":" + subject + ":" + version.created() + ":" + version.eventId();
  }
}
