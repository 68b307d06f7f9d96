package app.billing.core.log;

/**
 * Every key this project puts into the log context (MDC) or logs as a structured field, in one
 * place (as Powertools' {@code PowertoolsLoggedFields}): the JSON log lines carry them as top-level
 * fields, and log queries, metric filters and dashboards depend on the exact spelling.
 */
public final class LogKeys {
  private LogKeys() {}

  /** The Lambda invocation's request id. */
  public static final String AWS_REQUEST_ID = "awsRequestId";

  /** The tenant the request or event is about. */
  public static final String TENANT_ID = "tenantId";

  /** The Stripe event's id ({@code evt_...}). */
  public static final String EVENT_ID = "eventId";

  /** The Stripe event's type, e.g. {@code invoice.paid}. */
  public static final String EVENT_TYPE = "eventType";

  /** The id of a parked event being replayed. */
  public static final String REPLAYED_EVENT_ID = "replayedEventId";

  /** The SQS message being processed. */
  public static final String MESSAGE_ID = "messageId";

  /** What became of the request or event, e.g. {@code enqueued}, {@code rejected}. */
  public static final String OUTCOME = "outcome";

  /** The API route an account request took, e.g. {@code subscription}. */
  public static final String ROUTE = "route";

  /** The event's {@code livemode}, logged when it is not this deployment's Stripe mode. */
  public static final String EVENT_LIVEMODE = "eventLivemode";

  /** This deployment's Stripe mode ({@code live} or {@code test}). */
  public static final String STRIPE_MODE = "stripeMode";

  /**
   * 1 on the line of an event skipped for being of the other Stripe mode: a metric filter can sum
   * it.
   */
  public static final String OTHER_MODE_EVENTS = "otherModeEvents";

  // The reconciler's report: the invocation's result and the fields of its summary line.
  public static final String EVENTS_FOUND = "eventsFound";
  public static final String EVENTS_MISSING = "eventsMissing";
  public static final String EVENTS_ENQUEUED = "eventsEnqueued";
  public static final String EVENTS_SKIPPED = "eventsSkipped";
  public static final String PAGES = "pages";
  public static final String WALK_FINISHED = "walkFinished";
  public static final String WATERMARK = "watermark";
}
