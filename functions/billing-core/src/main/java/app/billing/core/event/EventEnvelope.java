package app.billing.core.event;

/**
 * The few fields of a Stripe event that routing needs, read without typing the whole event.
 *
 * @param customerId the Stripe customer the event is about, or null (e.g. a guest checkout)
 * @param objectId the id of {@code data.object}, or null when the object has none
 */
public record EventEnvelope(
    String id, String type, long created, String customerId, String objectId) {

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
