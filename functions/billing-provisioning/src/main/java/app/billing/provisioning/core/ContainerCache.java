package app.billing.provisioning.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Facts a warm container has learned and may reuse to skip a DynamoDB round trip: bounded (least
 * recently used goes first) and expiring, so a fact learned while another consumer was racing is
 * looked up again soon. Only facts that cannot become false belong here (a customer's tenant link,
 * an email that was sent).
 */
final class ContainerCache<V> {
  static final int DEFAULT_CAPACITY = 10_000;
  static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  private record Entry<V>(V value, Instant expiresAt) {}

  private final int capacity;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Entry<V>> entries;

  ContainerCache(int capacity, Duration ttl, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.ttl = Objects.requireNonNull(ttl);
    this.clock = Objects.requireNonNull(clock);
    this.entries = new LinkedHashMap<>(64, 0.75f, true);
  }

  static <V> ContainerCache<V> withDefaults(Clock clock) {
    return new ContainerCache<>(DEFAULT_CAPACITY, DEFAULT_TTL, clock);
  }

  synchronized Optional<V> get(String key) {
    Entry<V> entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(entry.expiresAt())) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  synchronized void put(String key, V value) {
    entries.put(key, new Entry<>(Objects.requireNonNull(value), clock.instant().plus(ttl)));
    if (entries.size() > capacity) {
      // Least recently used first (access order).
      entries.remove(entries.keySet().iterator().next());
    }
  }
}
