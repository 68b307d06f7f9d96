package app.billing.core.port.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import app.billing.core.model.EventVersion;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.model.WriteResult;
import app.billing.core.port.VersionedRecords;
import app.billing.core.testdata.SubscriptionRecords;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VersionedRecords} does with subscriptions: one record per subscription id, each
 * versioned on its own, read newest first. Run against the in-memory fake (billing-core) and the
 * DynamoDB adapter (billing-dynamodb ITs). A subclass returns a fresh, empty store per test.
 */
public abstract class SubscriptionRecordsContract {
  private static final String TENANT = "ten_contract";
  private static final long T0 = 1_790_000_000L;

  protected abstract VersionedRecords records();

  @Test
  void eachSubscriptionIsItsOwnRecordNewestFirst() {
    VersionedRecords store = records();
    SubscriptionRecord a = sub("sub_A", "active", T0 + 100, "evt_a1");
    SubscriptionRecord b = sub("sub_B", "trialing", T0, "evt_b1");

    assertThat(store.saveSubscription(a, false)).isEqualTo(WriteResult.WRITTEN);
    // Older than sub_A's stored version, but sub_B has its own.
    assertThat(store.saveSubscription(b, false)).isEqualTo(WriteResult.WRITTEN);
    assertThat(store.saveSubscription(other("sub_X"), false)).isEqualTo(WriteResult.WRITTEN);

    assertThat(store.subscriptions(TENANT)).containsExactly(a, b);
    assertThat(store.subscription(TENANT)).contains(a);
    assertThat(store.subscriptions("ten_nobody")).isEmpty();
  }

  @Test
  void versionsAreCheckedPerSubscription() {
    VersionedRecords store = records();
    SubscriptionRecord a = sub("sub_A", "active", T0 + 100, "evt_a1");
    store.saveSubscription(a, false);
    SubscriptionRecord canceledB = sub("sub_B", "canceled", T0 + 200, "evt_b2");
    store.saveSubscription(canceledB, false);

    assertThat(store.saveSubscription(sub("sub_B", "active", T0 + 50, "evt_b1"), false))
        .isEqualTo(WriteResult.STALE);
    assertThat(store.saveSubscription(canceledB, false)).isEqualTo(WriteResult.SAME);
    assertThat(store.saveSubscription(sub("sub_A", "past_due", T0 + 100, "evt_a2"), false))
        .isEqualTo(WriteResult.TIE);
    SubscriptionRecord settled = sub("sub_A", "past_due", T0 + 100, "evt_a2");
    assertThat(store.saveSubscription(settled, true)).isEqualTo(WriteResult.WRITTEN);

    assertThat(store.subscriptions(TENANT))
        .extracting(SubscriptionRecord::subscriptionId, SubscriptionRecord::status)
        .containsExactly(tuple("sub_B", "canceled"), tuple("sub_A", "past_due"));
  }

  @Test
  void pastDueSinceIsKeptPerSubscription() {
    VersionedRecords store = records();
    store.saveSubscription(pastDue("sub_A", T0, "evt_a1"), false);
    store.saveSubscription(pastDue("sub_B", T0 + 500, "evt_b1"), false);
    store.saveSubscription(pastDue("sub_A", T0 + 900, "evt_a2"), false);

    assertThat(store.subscriptions(TENANT))
        .extracting(SubscriptionRecord::subscriptionId, SubscriptionRecord::pastDueSince)
        .containsExactly(
            tuple("sub_A", Instant.ofEpochSecond(T0)),
            tuple("sub_B", Instant.ofEpochSecond(T0 + 500)));
  }

  private static SubscriptionRecord sub(String id, String status, long created, String eventId) {
    return SubscriptionRecords.withStatus(status)
        .tenant(TENANT)
        .customer("cus_contract")
        .subscription(id)
        .plan("pro")
        .price("price_contract")
        .version(new EventVersion(created, eventId))
        .build();
  }

  private static SubscriptionRecord other(String id) {
    return SubscriptionRecords.active()
        .tenant("ten_other")
        .customer("cus_other")
        .subscription(id)
        .version(new EventVersion(T0 + 999, "evt_other"))
        .build();
  }

  private static SubscriptionRecord pastDue(String id, long created, String eventId) {
    return SubscriptionRecords.from(sub(id, "past_due", created, eventId))
        .pastDueSince(Instant.ofEpochSecond(created))
        .build();
  }
}
