package app.billing.core.checkout;

import app.billing.core.port.CheckoutLocks;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link CheckoutLocks} in a map, with the DynamoDB adapter's conditions. */
public final class InMemoryCheckoutLocks implements CheckoutLocks {
  /** One tenant's lock item. */
  public record Lock(String holder, Instant lockedAt, Instant expiresAt, String sessionId) {}

  public final Map<String, Lock> locks = new HashMap<>();

  @Override
  public synchronized Optional<Instant> acquire(
      String tenantId, String holder, Instant now, Instant expiresAt) {
    Lock current = locks.get(tenantId);
    if (current == null || !current.expiresAt().isAfter(now)) {
      locks.put(tenantId, new Lock(holder, now, expiresAt, null));
      return Optional.of(now);
    }
    return current.holder().equals(holder) ? Optional.of(current.lockedAt()) : Optional.empty();
  }

  @Override
  public synchronized Optional<CheckoutLocks.Lock> current(String tenantId) {
    return Optional.ofNullable(locks.get(tenantId))
        .map(l -> new CheckoutLocks.Lock(l.holder(), l.lockedAt(), l.expiresAt()));
  }

  @Override
  public synchronized boolean takeOver(
      String tenantId, String staleHolder, String holder, Instant now, Instant expiresAt) {
    Lock current = locks.get(tenantId);
    if (current == null || !current.holder().equals(staleHolder)) {
      return false;
    }
    locks.put(tenantId, new Lock(holder, now, expiresAt, null));
    return true;
  }

  @Override
  public synchronized void sessionCreated(String tenantId, String holder, String sessionId) {
    Lock current = locks.get(tenantId);
    if (current != null && current.holder().equals(holder)) {
      locks.put(tenantId, new Lock(holder, current.lockedAt(), current.expiresAt(), sessionId));
    }
  }

  @Override
  public synchronized void release(String tenantId, String holder, Instant now) {
    Lock current = locks.get(tenantId);
    if (current != null && current.holder().equals(holder) && current.sessionId() == null) {
      locks.put(tenantId, new Lock(holder, current.lockedAt(), now, null));
    }
  }
}
