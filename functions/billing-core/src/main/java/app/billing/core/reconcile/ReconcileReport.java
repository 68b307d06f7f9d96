package app.billing.core.reconcile;

/**
 * What one reconciler run did.
 *
 * @param pages pages asked of Stripe (one {@code GET /v1/events} each, 429 retries not counted)
 * @param eventsFound events Stripe listed; with {@code delivery_success=false} these are the events
 *     whose webhook delivery is pending or failed, i.e. the ones found missing
 * @param eventsEnqueued events put onto the event queue (SQS drops those it saw in the last 5
 *     minutes)
 * @param eventsSkipped events listed but not enqueued (unhandled type or not a readable event)
 * @param walkFinished whether the run reached the moment it started (false: stopped by its time
 *     budget; the next run goes on from the stored watermark)
 * @param watermark the stored watermark after the run, epoch seconds
 * @param undeliveredOnly whether Stripe listed only undelivered events, so that every event found
 *     was missing
 */
public record ReconcileReport(
    int pages,
    int eventsFound,
    int eventsEnqueued,
    int eventsSkipped,
    boolean walkFinished,
    long watermark,
    boolean undeliveredOnly) {

  /** Events found missing (Stripe could not deliver them), or -1 when every event was listed. */
  public int eventsMissing() {
    return undeliveredOnly ? eventsFound : -1;
  }
}
