package app.billing.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.EventVersion;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.testdata.SubscriptionRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EffectiveSubscriptionTest {
  private static final Instant NOW = Instant.parse("2026-10-10T12:00:00Z");
  private static final EffectiveSubscription RULE =
      new EffectiveSubscription(new AccessPolicy(Duration.ofDays(7)));

  @Test
  void noSubscriptionsNoEffectiveOne() {
    assertThat(RULE.pick(List.of(), NOW)).isEmpty();
  }

  @Test
  void fullAccessWinsOverANewerCanceledOne() {
    SubscriptionRecord active = sub("sub_A", "active", 100, "evt_1");
    SubscriptionRecord canceled = sub("sub_B", "canceled", 500, "evt_2");

    assertThat(RULE.pick(List.of(canceled, active), NOW)).contains(active);
  }

  @Test
  void fullAccessWinsOverANewerPastDueOneInGrace() {
    SubscriptionRecord trialing = sub("sub_A", "trialing", 100, "evt_1");
    SubscriptionRecord pastDue = pastDue("sub_B", 500, NOW.minus(Duration.ofDays(1)));

    assertThat(RULE.access(pastDue, NOW)).isEqualTo(Access.GRACE);
    assertThat(RULE.pick(List.of(pastDue, trialing), NOW)).contains(trialing);
  }

  @Test
  void graceWinsOverNoneAndAnExpiredGraceCountsAsNone() {
    SubscriptionRecord inGrace = pastDue("sub_A", 100, NOW.minus(Duration.ofDays(2)));
    SubscriptionRecord lapsed = pastDue("sub_B", 400, NOW.minus(Duration.ofDays(30)));
    SubscriptionRecord unpaid = sub("sub_C", "unpaid", 500, "evt_3");

    assertThat(RULE.pick(List.of(unpaid, lapsed, inGrace), NOW)).contains(inGrace);
    assertThat(RULE.pick(List.of(unpaid, lapsed), NOW)).contains(unpaid);
  }

  @Test
  void tiesGoToTheNewestVersionThenTheEventId() {
    SubscriptionRecord older = sub("sub_A", "active", 100, "evt_9");
    SubscriptionRecord newer = sub("sub_B", "active", 200, "evt_1");
    SubscriptionRecord sameSecond = sub("sub_C", "active", 200, "evt_2");

    assertThat(RULE.pick(List.of(older, newer), NOW)).contains(newer);
    assertThat(RULE.ranked(List.of(older, newer, sameSecond), NOW))
        .containsExactly(sameSecond, newer, older);
  }

  @Test
  void allEndedShowsTheOneThatChangedLast() {
    SubscriptionRecord first = sub("sub_A", "canceled", 100, "evt_1");
    SubscriptionRecord last = sub("sub_B", "incomplete_expired", 300, "evt_2");

    assertThat(RULE.pick(List.of(last, first), NOW)).contains(last);
  }

  @Test
  void newestFirstIgnoresAccess() {
    SubscriptionRecord active = sub("sub_A", "active", 100, "evt_1");
    SubscriptionRecord canceled = sub("sub_B", "canceled", 500, "evt_2");

    assertThat(EffectiveSubscription.newestFirst(List.of(active, canceled)))
        .containsExactly(canceled, active);
  }

  private static SubscriptionRecord sub(String id, String status, long created, String eventId) {
    return SubscriptionRecords.withStatus(status)
        .tenant("ten")
        .subscription(id)
        .version(new EventVersion(created, eventId))
        .build();
  }

  private static SubscriptionRecord pastDue(String id, long created, Instant since) {
    return SubscriptionRecords.pastDue()
        .tenant("ten")
        .subscription(id)
        .pastDueSince(since)
        .version(new EventVersion(created, "evt_" + id))
        .build();
  }
}
