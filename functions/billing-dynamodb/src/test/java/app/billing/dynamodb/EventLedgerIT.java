package app.billing.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.Outcome;
import app.billing.core.port.BillingStore.Claim;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventLedgerIT extends DynaliteTestSupport {
  private static final String EVENT = "evt_1QxR5uKd8Zq2LmNp0a1B2c3D";
  private static final String TYPE = "customer.subscription.updated";
  private static final Instant NOW = Instant.parse("2025-03-01T09:12:47Z");

  @Test
  void claimedThenDoneAfterFinish() {
    assertThat(store.claim(EVENT, TYPE, NOW)).isEqualTo(Claim.CLAIMED);
    store.finish(EVENT, Outcome.APPLIED, NOW.plusSeconds(1));

    assertThat(store.claim(EVENT, TYPE, NOW.plusSeconds(5))).isEqualTo(Claim.DONE);
    assertThat(store.claim(EVENT, TYPE, NOW.plus(Duration.ofDays(3)))).isEqualTo(Claim.DONE);

    var item = rawItem(BillingTable.eventPk(EVENT), BillingTable.LEDGER_SK);
    assertThat(Items.string(item, "type")).isEqualTo(BillingTable.TYPE_EVENT_LEDGER);
    assertThat(Items.string(item, "status")).isEqualTo("DONE");
    assertThat(Items.string(item, "outcome")).isEqualTo("applied");
    assertThat(Items.string(item, "eventType")).isEqualTo(TYPE);
    assertThat(item).doesNotContainKey("leaseUntil");
    assertThat(Items.number(item, "expiresAt"))
        .isEqualTo(NOW.plusSeconds(1).plus(Duration.ofDays(35)).getEpochSecond());
  }

  @Test
  void busyWhileLeasedAndClaimableAgainAfterTheLeaseExpires() {
    assertThat(store.claim(EVENT, TYPE, NOW)).isEqualTo(Claim.CLAIMED);

    assertThat(store.claim(EVENT, TYPE, NOW.plusSeconds(1))).isEqualTo(Claim.BUSY);
    assertThat(store.claim(EVENT, TYPE, NOW.plusSeconds(120))).isEqualTo(Claim.BUSY);
    assertThat(store.claim(EVENT, TYPE, NOW.plusSeconds(121))).isEqualTo(Claim.CLAIMED);
    // the new owner holds a fresh lease
    assertThat(store.claim(EVENT, TYPE, NOW.plusSeconds(200))).isEqualTo(Claim.BUSY);

    var item = rawItem(BillingTable.eventPk(EVENT), BillingTable.LEDGER_SK);
    assertThat(Items.string(item, "status")).isEqualTo("IN_PROGRESS");
    assertThat(Items.number(item, "attempts")).isEqualTo(2);
    assertThat(Items.number(item, "leaseUntil")).isEqualTo(NOW.plusSeconds(121 + 120).getEpochSecond());
  }

  @Test
  void releasedClaimCanBeClaimedAgainAtOnce() {
    assertThat(store.claim(EVENT, TYPE, NOW)).isEqualTo(Claim.CLAIMED);
    store.release(EVENT);

    assertThat(store.claim(EVENT, TYPE, NOW.plusSeconds(1))).isEqualTo(Claim.CLAIMED);
  }

  @Test
  void releaseLeavesAFinishedEventDoneAndIgnoresUnknownEvents() {
    store.claim(EVENT, TYPE, NOW);
    store.finish(EVENT, Outcome.PARKED, NOW);
    store.release(EVENT);
    store.release("evt_never_seen");

    assertThat(store.claim(EVENT, TYPE, NOW.plusSeconds(1))).isEqualTo(Claim.DONE);
    assertThat(rawItem(BillingTable.eventPk("evt_never_seen"), BillingTable.LEDGER_SK)).isNull();
  }

  @Test
  void finishOverwritesTheOutcomeOfAReplayedParkedEvent() {
    store.claim(EVENT, TYPE, NOW);
    store.finish(EVENT, Outcome.PARKED, NOW);
    store.finish(EVENT, Outcome.APPLIED, NOW.plusSeconds(30));

    var item = rawItem(BillingTable.eventPk(EVENT), BillingTable.LEDGER_SK);
    assertThat(Items.string(item, "outcome")).isEqualTo("applied");
  }

  @Test
  void leaseLengthComesFromTheConstructor() {
    var shortLease = new DynamoBillingStore(dynamo, table, Duration.ofSeconds(10), Duration.ofDays(35),
        Duration.ofDays(90));
    assertThat(shortLease.claim(EVENT, TYPE, NOW)).isEqualTo(Claim.CLAIMED);
    assertThat(shortLease.claim(EVENT, TYPE, NOW.plusSeconds(10))).isEqualTo(Claim.BUSY);
    assertThat(shortLease.claim(EVENT, TYPE, NOW.plusSeconds(11))).isEqualTo(Claim.CLAIMED);
  }
}
