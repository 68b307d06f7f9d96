package app.billing.core.recovery;

import app.billing.core.model.EventVersion;
import java.time.Instant;

/**
 * The version of state refetched from Stripe (backfill, link, sync on return), so it goes through
 * the same versioned write as events.
 *
 * <p>A fetch that starts at instant {@code f} sees every change Stripe made before {@code f}. Its
 * version is {@code (floor(f) in seconds, "sync_<millis of f>")}. Versioned writes keep a record
 * only when the stored {@code created} is strictly older, and treat the same second as a tie:
 *
 * <ul>
 *   <li>an event created before {@code floor(f)} was created before the fetch started, so the
 *       fetched state already includes it: the refetch wins over it, in either arrival order;
 *   <li>an event created after {@code floor(f)} may describe a change the fetch did not see: it
 *       wins over the refetch, in either arrival order;
 *   <li>an event of the same second cannot be ordered against the fetch: it is a tie, settled like
 *       a tie of two events, by refetching the object (now later than both) and writing that state.
 * </ul>
 *
 * <p>Taking the instant <em>before</em> the request (not Stripe's response time) is what makes the
 * second rule safe: a change made while the request was in flight carries a {@code created} of at
 * least {@code floor(f)}, so it is never overwritten by state that may predate it. It assumes our
 * clock and Stripe's agree to well under a second (both are NTP-synchronised; Lambda's is Amazon
 * Time Sync).
 */
public final class RefetchVersion {
  /** Prefix of the event id part of a refetched state's version; never a Stripe event id. */
  public static final String PREFIX = "sync_";

  private RefetchVersion() {}

  /**
   * @param fetchStartedAt read from the clock just before the request that fetched the state
   */
  public static EventVersion of(Instant fetchStartedAt) {
    return new EventVersion(
        fetchStartedAt.getEpochSecond(), PREFIX + fetchStartedAt.toEpochMilli());
  }

  /** True when the version is that of refetched state rather than of a Stripe event. */
  public static boolean isRefetch(EventVersion version) {
    return version != null && version.eventId() != null && version.eventId().startsWith(PREFIX);
  }
}
