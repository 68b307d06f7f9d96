package app.billing.core.event;

/**
 * The few fields of a Stripe event that routing needs, read without typing the whole event.
 *
 * @param customerId the Stripe customer the event is about, or null (e.g. a guest checkout)
 * @param objectId the id of {@code data.object}, or null when the object has none
 * @param livemode the event's {@code livemode}: true for live mode, false for test mode, null when
 *     the event does not say (Stripe always does; hand-made fixtures may not)
 */
public record EventEnvelope(
    String id, String type, long created, String customerId, String objectId, Boolean livemode) {

  /** An envelope that does not say its mode. */
  public EventEnvelope(String id, String type, long created, String customerId, String objectId) {
    this(id, type, created, customerId, objectId, null);
  }

  /**
   * FIFO group: every event of one customer is applied in order; unrelated customers run in
   * parallel.
   */
  public String orderingKey() {
    if (customerId != null) {
      return customerId;
    }
    return objectId != null ? objectId : id;
  }
}
