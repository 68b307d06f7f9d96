package app.billing.intake;

/**
 * What became of one EventBridge event that was a valid Stripe event (anything else throws {@link
 * MalformedIntakeEventException}).
 *
 * @param eventId the Stripe event id
 * @param type the Stripe event type
 */
public record IntakeOutcome(Kind kind, String eventId, String type) {

  public enum Kind {
    /** On the event queue, as the webhook would have put it. */
    ENQUEUED,
    /** A type provisioning does not handle (the rule should not have sent it). */
    IGNORED,
    /** An event of the other Stripe mode than this deployment's. */
    OTHER_MODE;

    /** As in logs and the function's result. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
