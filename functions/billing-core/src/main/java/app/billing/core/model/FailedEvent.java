package app.billing.core.model;

import java.time.Instant;
import java.util.List;

/**
 * An event that failed for good ({@link Outcome#FAILED}), or whose record was applied but one of
 * its emails failed for good: kept with its payload so {@code admin failed retry} can apply it
 * again.
 *
 * @param stage {@link Stage#EVENT} when the records were not updated, {@link Stage#EMAIL} when they
 *     were and only emails are missing
 * @param tenantId null when the failure came before the tenant was known
 * @param customerId null when the event has none (or the payload could not be read)
 * @param emails the email templates that failed (stage EMAIL), empty otherwise
 * @param attempts how many times processing failed for good (first delivery and retries)
 */
public record FailedEvent(
    String eventId,
    String eventType,
    String customerId,
    String tenantId,
    Stage stage,
    String reason,
    List<String> emails,
    Instant firstFailedAt,
    Instant lastFailedAt,
    long attempts,
    String payload) {

  public FailedEvent {
    emails = emails == null ? List.of() : List.copyOf(emails);
  }

  public enum Stage {
    EVENT,
    EMAIL;

    public String wireName() {
      return name().toLowerCase();
    }
  }
}
