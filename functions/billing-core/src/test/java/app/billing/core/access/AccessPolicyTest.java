package app.billing.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessPolicyTest {
  private static final Instant NOW = Instant.parse("2026-10-20T12:00:00Z");
  private final AccessPolicy policy = new AccessPolicy(Duration.ofDays(7));

  @ParameterizedTest
  @ValueSource(strings = {"active", "trialing"})
  void activeAndTrialingHaveFullAccess(String status) {
    assertThat(policy.decide(status, null, NOW)).isEqualTo(new AccessDecision(Access.FULL, null));
    // A stale pastDueSince does not matter once the subscription is paid up again.
    assertThat(policy.decide(status, NOW.minus(Duration.ofDays(30)), NOW))
        .isEqualTo(new AccessDecision(Access.FULL, null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "incomplete",
        "incomplete_expired",
        "unpaid",
        "canceled",
        "paused",
        "some_future_status",
        ""
      })
  void everyOtherStatusHasNoAccess(String status) {
    assertThat(policy.decide(status, null, NOW)).isEqualTo(new AccessDecision(Access.NONE, null));
  }

  @Test
  void noSubscriptionHasNoAccess() {
    assertThat(policy.decide(null, null, NOW)).isEqualTo(new AccessDecision(Access.NONE, null));
  }

  @Test
  void pastDueInsideTheGracePeriodKeepsAccessUntilItEnds() {
    Instant since = NOW.minus(Duration.ofDays(3));

    assertThat(policy.decide("past_due", since, NOW))
        .isEqualTo(new AccessDecision(Access.GRACE, since.plus(Duration.ofDays(7))));
  }

  @Test
  void pastDueOneSecondBeforeTheGraceEndsIsStillGrace() {
    Instant since = NOW.minus(Duration.ofDays(7)).plusSeconds(1);

    assertThat(policy.decide("past_due", since, NOW).access()).isEqualTo(Access.GRACE);
  }

  @Test
  void pastDueWhenTheGraceEndsExactlyHasNoAccess() {
    Instant since = NOW.minus(Duration.ofDays(7));

    assertThat(policy.decide("past_due", since, NOW))
        .isEqualTo(new AccessDecision(Access.NONE, NOW));
  }

  @Test
  void pastDueAfterTheGracePeriodHasNoAccessAndSaysWhenItEnded() {
    Instant since = NOW.minus(Duration.ofDays(10));

    assertThat(policy.decide("past_due", since, NOW))
        .isEqualTo(new AccessDecision(Access.NONE, since.plus(Duration.ofDays(7))));
  }

  @Test
  void pastDueWithoutPastDueSinceCountsTheGraceFromNow() {
    assertThat(policy.decide("past_due", null, NOW))
        .isEqualTo(new AccessDecision(Access.GRACE, NOW.plus(Duration.ofDays(7))));
  }

  @Test
  void zeroGraceMeansPastDueHasNoAccess() {
    AccessPolicy strict = new AccessPolicy(Duration.ZERO);

    assertThat(strict.decide("past_due", null, NOW))
        .isEqualTo(new AccessDecision(Access.NONE, NOW));
  }

  @Test
  void theDefaultGraceIsSevenDaysAndIsRequired() {
    assertThat(AccessPolicy.DEFAULT_PAST_DUE_GRACE).isEqualTo(Duration.ofDays(7));
    assertThat(new AccessPolicy(Duration.ofDays(3)).pastDueGrace()).isEqualTo(Duration.ofDays(3));
    assertThatThrownBy(() -> new AccessPolicy(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void accessWireNamesAndAllowed() {
    assertThat(Access.FULL.wireName()).isEqualTo("full");
    assertThat(Access.GRACE.wireName()).isEqualTo("grace");
    assertThat(Access.NONE.wireName()).isEqualTo("none");
    assertThat(Access.FULL.allowed()).isTrue();
    assertThat(Access.GRACE.allowed()).isTrue();
    assertThat(Access.NONE.allowed()).isFalse();
  }
}
