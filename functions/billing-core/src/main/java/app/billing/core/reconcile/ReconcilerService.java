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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the Stripe events the webhook never got onto the event queue, exactly as the webhook would
 * (same body, group = customer, deduplication id = event id), so provisioning applies both the same
 * way. A replayed event is harmless: SQS drops a duplicate within five minutes, and after that
 * provisioning's versioned writes answer SAME and its email guards are already claimed.
 *
 * <p><b>Oldest first, in time slices.</b> Stripe lists events newest first, but provisioning sends
 * an email only for an event that is not older than the record it finds (a STALE event changes
 * nothing), so a customer's events must reach the queue in the order they happened, as webhooks
 * would have brought them. A run therefore walks forward from the watermark (less the overlap
 * window) to the moment it started, in slices {@code created[gt]=lower, created[lte]=upper} small
 * enough to fit one page: a slice whose page says {@code has_more} is halved and asked again; a
 * slice of one second with more than a page is read whole with {@code starting_after}. Each slice's
 * events go on the queue oldest first, then the watermark moves to the slice's end. Slices widen
 * again while they come back sparse, so a quiet window costs one call.
 *
 * <p>A run that fails (Stripe unreadable after retries, queue down) or reaches its deadline keeps
 * the slices already enqueued; the next run starts from there.
 */
public final class ReconcilerService {
  private static final Logger log = LoggerFactory.getLogger(ReconcilerService.class);

  private final StripeEventPages stripe;
  private final EventQueue queue;
  private final CheckpointStore checkpoints;
  private final ReconcilerSettings settings;
  private final Clock clock;

  public ReconcilerService(
      StripeEventPages stripe,
      EventQueue queue,
      CheckpointStore checkpoints,
      ReconcilerSettings settings,
      Clock clock) {
    this.stripe = Objects.requireNonNull(stripe, "stripe");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Walks from the watermark to now, or until {@code deadline} has passed (checked before each call
   * but the first).
   *
   * @throws StripeEventPages.StripeEventsUnavailableException when Stripe cannot be read; the
   *     slices enqueued before stay checkpointed
   * @throws EventQueue.QueueUnavailableException when an event cannot be enqueued; its slice is
   *     read again by the next run
   */
  public ReconcileReport run(Instant deadline) {
    long now = clock.instant().getEpochSecond();
    long watermark =
        checkpoints
            .load()
            .map(ReconcilerCheckpoint::watermark)
            .orElse(now - settings.initialLookback().toSeconds());
    long lower = Math.min(watermark - settings.overlap().toSeconds(), now);
    long width = Math.max(1, now - lower);
    Tally tally = new Tally();
    while (lower < now) {
      if (tally.calls > 0 && !clock.instant().isBefore(deadline)) {
        log.warn(
            "reconciler stopped at its time budget; the next run goes on from {}",
            Instant.ofEpochSecond(lower));
        return tally.report(false, watermark, settings.onlyUndelivered());
      }
      long upper = Math.min(now, lower + width);
      EventPage first = page(lower, upper, null, tally);
      if (first.hasMore() && upper - lower > 1) {
        width = Math.max(1, (upper - lower) / 2); // more than a page: a narrower slice
        continue;
      }
      List<StripeEventJson> slice = new ArrayList<>(first.events());
      for (EventPage next = first; next.hasMore() && !next.events().isEmpty(); ) {
        next = page(lower, upper, slice.getLast().id(), tally); // more than a page in one second
        slice.addAll(next.events());
      }
      for (StripeEventJson event : slice.reversed()) {
        tally.found++;
        if (enqueue(event)) {
          tally.enqueued++;
        } else {
          tally.skipped++;
        }
      }
      if (upper > watermark) {
        watermark = upper;
        checkpoints.save(new ReconcilerCheckpoint(watermark));
      }
      lower = upper;
      if (slice.size() < settings.pageSize() / 2) {
        width = Math.max(width, 1) * 2; // sparse: try a wider slice next
      }
    }
    if (watermark < now) {
      watermark = now;
      checkpoints.save(new ReconcilerCheckpoint(watermark));
    }
    return tally.report(true, watermark, settings.onlyUndelivered());
  }

  private EventPage page(long lower, long upper, String startingAfter, Tally tally) {
    tally.calls++;
    return stripe.page(
        new EventQuery(
            settings.types(),
            lower,
            upper,
            startingAfter,
            settings.pageSize(),
            settings.onlyUndelivered()));
  }

  /**
   * True when the event went onto the queue; false when it is not one the webhook would enqueue.
   */
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

  private static final class Tally {
    int calls;
    int found;
    int enqueued;
    int skipped;

    ReconcileReport report(boolean finished, long watermark, boolean undeliveredOnly) {
      return new ReconcileReport(
          calls, found, enqueued, skipped, finished, watermark, undeliveredOnly);
    }
  }
}
