package app.billing.core.reconcile;

/**
 * How far the reconciler got, kept between runs (one item).
 *
 * @param watermark epoch seconds: every undelivered event created up to it has been put on the
 *     queue (a run starts again the overlap window before it, for events listed late)
 */
public record ReconcilerCheckpoint(long watermark) {}
