package app.billing.core.checkout;

import app.billing.core.error.ConflictException;
import app.billing.core.port.CheckoutLocks;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialises a tenant's subscription checkouts: one open Checkout session per tenant at a time, so
 * two racing requests (same or different plans) yield one session and one 409 {@code
 * checkout_in_progress}, and a session that is open but not yet paid counts as a subscription
 * "being created".
 *
 * <ul>
 *   <li>The lock is taken before anything is sent to Stripe (customer included) and kept after the
 *       session is created, for {@link #HOLD}: the session is created to expire after {@link
 *       #SESSION_LIFETIME}, so while the lock lives at most one payable session exists.
 *   <li>A failed attempt releases it at once, so the client can retry.
 *   <li>Once a subscription event newer than the lock is recorded for the tenant, the checkout
 *       under the lock has an outcome (paid, or the tenant's subscriptions changed since): the lock
 *       is stale and the next checkout takes it over, after the live-subscription check has run.
 *   <li>The holder is the request's Stripe idempotency key when the client sent an {@code
 *       Idempotency-Key} (a retry of that request is the same holder and gets its session back from
 *       Stripe), else a random id: a request without a key never shares the lock.
 * </ul>
 *
 * <p>One-time items are not serialised: buying two of them is legitimate, and their sessions never
 * create a subscription.
 */
public final class CheckoutLock {
  /**
   * Stripe's shortest Checkout session lifetime (30 minutes from creation) plus a minute for the
   * request's own travel and clock skew; Stripe refuses a shorter {@code expires_at}.
   */
  public static final Duration SESSION_LIFETIME = Duration.ofMinutes(31);

  /**
   * The session's lifetime plus a margin for a payment completed in its last second to become a
   * live subscription.
   */
  public static final Duration HOLD = Duration.ofMinutes(35);

  private static final Logger log = LoggerFactory.getLogger(CheckoutLock.class);

  private final CheckoutLocks locks;
  private final Function<String, Optional<Instant>> subscriptionChangedAt;

  /**
   * @param subscriptionChangedAt per tenant, the time of the newest subscription event recorded
   */
  public CheckoutLock(
      CheckoutLocks locks, Function<String, Optional<Instant>> subscriptionChangedAt) {
    this.locks = Objects.requireNonNull(locks, "locks");
    this.subscriptionChangedAt =
        Objects.requireNonNull(subscriptionChangedAt, "subscriptionChangedAt");
  }

  /** A lock this request holds. */
  public record Held(String tenantId, String holder, Instant sessionExpiresAt) {}

  /**
   * @param clientStripeKey the Stripe idempotency key derived from the client's {@code
   *     Idempotency-Key}, if it sent one
   * @throws ConflictException 409 {@code checkout_in_progress} when another checkout holds it
   */
  public Held take(String tenantId, Optional<String> clientStripeKey, Instant now) {
    String holder = holder(clientStripeKey);
    Optional<Instant> lockedAt =
        locks
            .acquire(tenantId, holder, now, now.plus(HOLD))
            .or(() -> takeOverStale(tenantId, holder, now) ? Optional.of(now) : Optional.empty());
    if (lockedAt.isEmpty()) {
      throw new ConflictException(
          "checkout_in_progress",
          "Another checkout for this tenant is in progress: complete or leave that Checkout page."
              + " An unpaid session expires within "
              + HOLD.toMinutes()
              + " minutes; then a new checkout may start.",
          Map.of("retry_within_seconds", Long.toString(HOLD.toSeconds())));
    }
    // From the lock's time, not the request's: a retry must send Stripe the same expires_at, or
    // Stripe refuses the reused idempotency key.
    return new Held(tenantId, holder, lockedAt.get().plus(SESSION_LIFETIME));
  }

  /**
   * Keeps the lock until it expires: the session is open. A failure to record the session is only
   * logged: the lock stays held either way, and the client must get the session it paid a request
   * for.
   */
  public void created(Held held, String sessionId) {
    try {
      locks.sessionCreated(held.tenantId(), held.holder(), sessionId);
    } catch (RuntimeException e) {
      log.warn(
          "could not record session {} on tenant {}'s checkout lock ({})",
          sessionId,
          held.tenantId(),
          e.getClass().getSimpleName());
    }
  }

  /**
   * Gives the lock up after {@code failure}, which stays the error the client sees; a failed
   * release is attached to it and the lock then lapses with its TTL.
   */
  public void release(Held held, Instant now, RuntimeException failure) {
    try {
      locks.release(held.tenantId(), held.holder(), now);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private boolean takeOverStale(String tenantId, String holder, Instant now) {
    Optional<CheckoutLocks.Lock> current = locks.current(tenantId);
    if (current.isEmpty()) {
      return false;
    }
    Instant lockedAt = current.get().lockedAt();
    boolean stale =
        subscriptionChangedAt
            .apply(tenantId)
            .filter(changed -> !changed.isBefore(lockedAt))
            .isPresent();
    return stale && locks.takeOver(tenantId, current.get().holder(), holder, now, now.plus(HOLD));
  }

  static String holder(Optional<String> clientStripeKey) {
    return clientStripeKey.orElseGet(() -> "request:" + UUID.randomUUID());
  }
}
