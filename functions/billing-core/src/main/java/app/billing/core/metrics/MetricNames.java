package app.billing.core.metrics;

/** Every metric the functions emit, with its dimensions; the README lists them too. */
public final class MetricNames {
  /** Provisioning: an event processed; dimensions {@link #EVENT_TYPE}, {@link #OUTCOME}. */
  public static final String EVENTS_PROCESSED = "EventsProcessed";

  /** Provisioning: an event parked because its customer is not linked to a tenant yet. */
  public static final String EVENTS_PARKED = "EventsParked";

  /** Provisioning: an event recorded as failed for good (stage event or email). Alarmed. */
  public static final String EVENTS_FAILED = "EventsFailed";

  /** Provisioning: an email sent; dimension {@link #KIND}. */
  public static final String EMAILS_SENT = "EmailsSent";

  /** Provisioning: an email that failed for good; dimension {@link #KIND}. Alarmed. */
  public static final String EMAILS_FAILED = "EmailsFailed";

  /** Reconciler: an event Stripe had not delivered, put back on the event queue. */
  public static final String EVENTS_RECONCILED = "EventsReconciled";

  /** Checkout: a Checkout Session created; dimension {@link #PLAN}. */
  public static final String CHECKOUT_SESSIONS_CREATED = "CheckoutSessionsCreated";

  /** HTTP functions: a request answered 429 (rate limited). */
  public static final String RATE_LIMITED = "RateLimited";

  /** Webhook: an event of the other Stripe mode (live vs test) acknowledged and skipped. */
  public static final String OTHER_MODE_EVENTS_SKIPPED = "OtherModeEventsSkipped";

  /** Outbound: a billing event published to the event bus (emitted by the outbound publisher). */
  public static final String OUTBOUND_EVENTS_PUBLISHED = "OutboundEventsPublished";

  public static final String EVENT_TYPE = "EventType";
  public static final String OUTCOME = "Outcome";
  public static final String KIND = "Kind";
  public static final String PLAN = "Plan";

  /** Added to every metric by the EMF writer: the function that emitted it. */
  public static final String SERVICE = "Service";

  private MetricNames() {}
}
