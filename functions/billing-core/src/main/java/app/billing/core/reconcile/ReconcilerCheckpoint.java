package app.billing.core.reconcile;

import java.util.Optional;

/**
 * How far the reconciler got, kept between runs (one item).
 *
 * <p>A walk lists every event created after {@code watermark} minus the overlap window, newest first
 * (Stripe's only order), page by page. Stripe lists newest first, so a walk is finished only when its
 * oldest page is read: until then {@code cursor} holds the last event id of the last page already
 * enqueued and {@code walkStartedAt} the time the walk began. When the walk ends, {@code watermark}
 * becomes {@code walkStartedAt}: every event created before that moment has been seen.
 *
 * @param watermark epoch seconds; every event created up to it (less the overlap window) was enqueued
 * @param walkStartedAt epoch seconds at which the unfinished walk began, or 0 when none is unfinished
 * @param cursor {@code starting_after} for the next page of the unfinished walk, or null
 */
public record ReconcilerCheckpoint(long watermark, long walkStartedAt, String cursor) {

  public static ReconcilerCheckpoint finished(long watermark) {
    return new ReconcilerCheckpoint(watermark, 0, null);
  }

  public Optional<String> resumeAfter() {
    return Optional.ofNullable(cursor);
  }

  public boolean walkUnfinished() {
    return cursor != null;
  }
}
