package app.billing.core.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Customer → tenant links this container has resolved, so most events skip the lookup round trip.
 * Safe to keep because a link never changes once made; an entry is only added after the lookup's
 * parked events were replayed, and expires so that an event parked by a racing consumer is picked up
 * by the next lookup.
 */
final class KnownTenants {
  static final int DEFAULT_CAPACITY = 10_000;
  static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  private record Entry(String tenantId, Instant expiresAt) {}

  private final int capacity;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Entry> entries;

  KnownTenants(int capacity, Duration ttl, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.ttl = Objects.requireNonNull(ttl);
    this.clock = Objects.requireNonNull(clock);
    this.entries = new LinkedHashMap<>(64, 0.75f, true);
  }

  synchronized Optional<String> tenantOf(String customerId) {
    Entry entry = entries.get(customerId);
    if (entry == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(entry.expiresAt())) {
      entries.remove(customerId);
      return Optional.empty();
    }
    return Optional.of(entry.tenantId());
  }

  synchronized void remember(String customerId, String tenantId) {
    entries.put(customerId, new Entry(tenantId, clock.instant().plus(ttl)));
    if (entries.size() > capacity) {
      // Least recently used first (access order).
      entries.remove(entries.keySet().iterator().next());
    }
  }
}
