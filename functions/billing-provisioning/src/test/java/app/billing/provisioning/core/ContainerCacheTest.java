package app.billing.provisioning.core;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContainerCacheTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

  @Test
  void anEntryIsKnownUntilItExpires() {
    ContainerCache<String> known = new ContainerCache<>(10, Duration.ofMinutes(10), clock);
    assertThat(known.get("cus_a")).isEmpty();

    known.put("cus_a", "tn_a");
    clock.advance(Duration.ofMinutes(10).minusSeconds(1));
    assertThat(known.get("cus_a")).contains("tn_a");

    clock.advance(Duration.ofSeconds(1));
    assertThat(known.get("cus_a")).isEmpty();
  }

  @Test
  void theLeastRecentlyUsedEntryMakesRoomWhenFull() {
    ContainerCache<String> known = new ContainerCache<>(2, Duration.ofMinutes(10), clock);
    known.put("cus_a", "tn_a");
    known.put("cus_b", "tn_b");
    known.get("cus_a"); // used: b is now the least recently used

    known.put("cus_c", "tn_c");

    assertThat(known.get("cus_a")).contains("tn_a");
    assertThat(known.get("cus_b")).isEmpty();
    assertThat(known.get("cus_c")).contains("tn_c");
  }
}
