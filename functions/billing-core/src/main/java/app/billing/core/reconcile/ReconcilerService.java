package app.billing.core.reconcile;

import app.billing.core.event.EventEnvelope;
import app.billing.core.event.EventEnvelopeReader;
import app.billing.core.event.HandledEventTypes;
import app.billing.core.event.NotAStripeEventException;
import app.billing.core.port.EventQueue;
import app.billing.core.reconcile.StripeEventPages.EventPage;
import app.billing.core.reconcile.StripeEventPages.EventQuery;
import app.billing.core.reconcile.StripeEventPages.StripeEventJson;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the Stripe events the webhook never got onto the event queue, exactly as the webhook would
 * (same body, group = customer, deduplication id = event id), so provisioning applies both the same
 * way. A replayed event is harmless: SQS drops a duplicate within five minutes, and after that
 * provisioning's versioned writes answer SAME and its email guards are already claimed.
 *
 * <p>Each run walks Stripe's Events API newest first from now back to the watermark minus the
 * overlap window, page by page. The checkpoint moves only after a page's events are all on the
 * queue: a run that fails or runs out of time leaves a cursor, and the next run goes on from there;
 * the watermark moves when a walk reaches its oldest page.
 */
public final class ReconcilerService {
  private static final Logger log = LoggerFactory.getLogger(ReconcilerService.class);

  private final StripeEventPages stripe;
  private final EventQueue queue;
  private final CheckpointStore checkpoints;
  private final ReconcilerSettings settings;
  private final Clock clock;

  public ReconcilerService(StripeEventPages stripe, EventQueue queue, CheckpointStore checkpoints,
      ReconcilerSettings settings, Clock clock) {
    this.stripe = Objects.requireNonNull(stripe, "stripe");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Reads pages until the walk is finished or {@code deadline} has passed (checked before each page).
   *
   * @throws StripeEventPages.StripeEventsUnavailableException when Stripe cannot be read; the
   *     pages enqueued before stay checkpointed
   * @throws EventQueue.QueueUnavailableException when an event cannot be enqueued; its page is read
   *     again by the next run
   */
  public ReconcileReport run(Instant deadline) {
    long now = clock.instant().getEpochSecond();
    ReconcilerCheckpoint checkpoint = checkpoints.load()
        .orElseGet(() -> ReconcilerCheckpoint.finished(now - settings.initialLookback().toSeconds()));
    long walkStartedAt = checkpoint.walkUnfinished() ? checkpoint.walkStartedAt() : now;
    String cursor = checkpoint.cursor();
    long createdAfter = checkpoint.watermark() - settings.overlap().toSeconds();

    int pages = 0;
    int found = 0;
    int enqueued = 0;
    int skipped = 0;
    while (true) {
      if (pages > 0 && !clock.instant().isBefore(deadline)) {
        log.warn("reconciler stopped at its time budget; the next run resumes after {}", cursor);
        return new ReconcileReport(pages, found, enqueued, skipped, false, checkpoint.watermark(),
            settings.onlyUndelivered());
      }
      EventPage page = stripe.page(new EventQuery(settings.types(), createdAfter, cursor, settings.pageSize(),
          settings.onlyUndelivered()));
      pages++;
      for (StripeEventJson event : page.events()) {
        found++;
        if (enqueue(event)) {
          enqueued++;
        } else {
          skipped++;
        }
      }
      if (page.hasMore() && !page.events().isEmpty()) {
        cursor = page.events().getLast().id();
        checkpoints.save(new ReconcilerCheckpoint(checkpoint.watermark(), walkStartedAt, cursor));
      } else {
        checkpoints.save(ReconcilerCheckpoint.finished(walkStartedAt));
        return new ReconcileReport(pages, found, enqueued, skipped, true, walkStartedAt, settings.onlyUndelivered());
      }
    }
  }

  /** True when the event went onto the queue; false when it is not one the webhook would enqueue. */
  private boolean enqueue(StripeEventJson event) {
    EventEnvelope envelope;
    try {
      envelope = EventEnvelopeReader.read(event.json());
    } catch (NotAStripeEventException e) {
      log.warn("skipping listed event {}: {}", event.id(), e.getMessage());
      return false;
    }
    if (!HandledEventTypes.isHandled(envelope.type())) {
      return false;
    }
    queue.enqueue(envelope, event.json());
    return true;
  }
}
