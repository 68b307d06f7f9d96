package app.billing.core.outbound;

import java.time.Instant;
import java.util.Objects;

/**
 * An outbound event ready to put on the bus: what the bus adapter sends and what the outbox keeps
 * until it was published.
 *
 * @param id {@link OutboundEvent#id()}, stable across retries
 * @param recordVersion {@link OutboundEvent#recordVersion}: the outbox's key
 * @param detail the JSON {@code Detail}
 */
public record OutboundMessage(
    String id,
    String recordVersion,
    String detailType,
    String tenantId,
    Instant time,
    String detail) {

  public OutboundMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(recordVersion, "recordVersion");
    Objects.requireNonNull(detailType, "detailType");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(detail, "detail");
  }
}
