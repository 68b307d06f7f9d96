package app.billing.core.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KnownTenantsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

  @Test
  void aRememberedLinkIsKnownUntilItExpires() {
    KnownTenants known = new KnownTenants(10, Duration.ofMinutes(10), clock);
    assertThat(known.tenantOf("cus_a")).isEmpty();

    known.remember("cus_a", "tn_a");
    clock.advance(Duration.ofMinutes(10).minusSeconds(1));
    assertThat(known.tenantOf("cus_a")).contains("tn_a");

    clock.advance(Duration.ofSeconds(1));
    assertThat(known.tenantOf("cus_a")).isEmpty();
  }

  @Test
  void theLeastRecentlyUsedLinkMakesRoomWhenFull() {
    KnownTenants known = new KnownTenants(2, Duration.ofMinutes(10), clock);
    known.remember("cus_a", "tn_a");
    known.remember("cus_b", "tn_b");
    known.tenantOf("cus_a"); // used: b is now the least recently used

    known.remember("cus_c", "tn_c");

    assertThat(known.tenantOf("cus_a")).contains("tn_a");
    assertThat(known.tenantOf("cus_b")).isEmpty();
    assertThat(known.tenantOf("cus_c")).contains("tn_c");
  }
}
