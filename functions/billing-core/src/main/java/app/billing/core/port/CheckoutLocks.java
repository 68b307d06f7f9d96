package app.billing.core.port;

import java.time.Instant;
import java.util.Optional;

/**
 * One checkout in progress per tenant: a conditional item the checkout takes before it asks Stripe
 * for a session, and keeps for the session's lifetime (see {@link
 * app.billing.core.checkout.CheckoutLock} for the rules). Expiry is checked on every take, so an
 * expired lock is free even before the table's TTL removes it.
 */
public interface CheckoutLocks {

  /** The lock item as stored. */
  record Lock(String holder, Instant lockedAt, Instant expiresAt) {}

  /** The tenant's lock item, live or expired, if any (consistent read). */
  Optional<Lock> current(String tenantId);

  /**
   * Replaces a lock whose checkout has an outcome with a fresh one for {@code holder}, only while
   * {@code staleHolder} still holds it: of racing callers, exactly one gets true.
   */
  boolean takeOver(
      String tenantId, String staleHolder, String holder, Instant now, Instant expiresAt);

  /**
   * Takes the tenant's lock for {@code holder} until {@code expiresAt} when there is none, it
   * expired at or before {@code now}, or {@code holder} already holds it (a retry of the same
   * request). Atomic: of racing callers with different holders, exactly one gets true.
   *
   * @return when {@code holder}'s lock was taken ({@code now}, or a retry's first attempt: the
   *     session's expiry derives from it, so a retry sends Stripe the same parameters); empty when
   *     another holder's lock is live
   */
  Optional<Instant> acquire(String tenantId, String holder, Instant now, Instant expiresAt);

  /**
   * Records that {@code holder} created session {@code sessionId} under its lock, which is kept
   * until it expires. Nothing happens when the holder no longer holds it.
   */
  void sessionCreated(String tenantId, String holder, String sessionId);

  /**
   * Gives the lock up after a failed attempt (it expires at {@code now}), only while {@code holder}
   * holds it and no session was recorded under it (a concurrent retry with the same holder may have
   * succeeded).
   */
  void release(String tenantId, String holder, Instant now);
}
