package app.billing.core.provisioning;

/** Another consumer holds the event's claim; the message should be retried after its visibility timeout. */
public final class EventBusyException extends RuntimeException {
  public EventBusyException(String eventId) {
    super("event " + eventId + " is being processed by another consumer");
  }
}
