package app.billing.core.port.contract;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.port.Credits;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Credits} does; run against the in-memory fake (billing-core) and the DynamoDB
 * adapter (billing-dynamodb ITs). A subclass returns a fresh, empty store per test.
 */
public abstract class CreditsContract {
  private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

  protected abstract Credits credits();

  @Test
  void creditsAreGrantedOncePerOrderAndAddUpAcrossOrders() {
    Credits store = credits();
    assertThat(store.credits("ten")).isZero();

    assertThat(store.grantCredits("ten", "cs_1", 1_000, T0)).isTrue();
    assertThat(store.grantCredits("ten", "cs_1", 1_000, T0.plusSeconds(5))).isFalse();
    assertThat(store.grantCredits("ten", "cs_2", 250, T0.plusSeconds(60))).isTrue();
    assertThat(store.grantCredits("other", "cs_1", 7, T0)).isTrue();

    assertThat(store.credits("ten")).isEqualTo(1_250);
    assertThat(store.credits("other")).isEqualTo(7);
    assertThat(store.credits("nobody")).isZero();
  }
}
