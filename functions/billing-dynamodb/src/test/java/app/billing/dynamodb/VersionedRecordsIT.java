package app.billing.dynamodb;

import static app.billing.dynamodb.Fixtures.T0;
import static app.billing.dynamodb.Fixtures.version;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.model.WriteResult;
import app.billing.core.testdata.PaymentRecords;
import app.billing.core.testdata.SubscriptionRecords;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class VersionedRecordsIT extends DynaliteTestSupport {
  private static final String TENANT = "tn_8c1f2e4a";
  private static final String SUB_SK = BillingTable.subscriptionSk("sub_1QxR4tKd8Zq2LmNpA7bC9dEf");

  @Test
  void writtenForNewAndNewerSameForTheSameEventAgain() {
    var first = Fixtures.trialingSubscription(TENANT, version(T0, "evt_A"));
    assertThat(store.saveSubscription(first, false)).isEqualTo(WriteResult.WRITTEN);
    assertThat(store.saveSubscription(first, false)).isEqualTo(WriteResult.SAME);
    // A redelivery never rewrites the record, even with other content (e.g. after a tie was
    // settled).
    var sameEventOtherContent = Fixtures.activeSubscription(TENANT, version(T0, "evt_A"));
    assertThat(store.saveSubscription(sameEventOtherContent, false)).isEqualTo(WriteResult.SAME);
    assertThat(store.saveSubscription(sameEventOtherContent, true)).isEqualTo(WriteResult.SAME);
    assertThat(store.subscription(TENANT)).contains(first);

    var newer = Fixtures.activeSubscription(TENANT, version(T0 + 60, "evt_B"));
    assertThat(store.saveSubscription(newer, false)).isEqualTo(WriteResult.WRITTEN);
    assertThat(store.subscription(TENANT)).contains(newer);
  }

  @Test
  void olderEventIsStaleAndLeavesTheRecord() {
    var newer = Fixtures.activeSubscription(TENANT, version(T0 + 60, "evt_B"));
    store.saveSubscription(newer, false);

    var older = Fixtures.trialingSubscription(TENANT, version(T0, "evt_A"));
    assertThat(store.saveSubscription(older, false)).isEqualTo(WriteResult.STALE);
    assertThat(store.saveSubscription(older, true)).isEqualTo(WriteResult.STALE);
    assertThat(store.subscription(TENANT)).contains(newer);
  }

  @Test
  void otherEventOfTheSameSecondIsATieUntilOverwritten() {
    var stored = Fixtures.trialingSubscription(TENANT, version(T0, "evt_A"));
    store.saveSubscription(stored, false);

    var sameSecond = Fixtures.activeSubscription(TENANT, version(T0, "evt_B"));
    assertThat(store.saveSubscription(sameSecond, false)).isEqualTo(WriteResult.TIE);
    assertThat(store.subscription(TENANT)).contains(stored);

    assertThat(store.saveSubscription(sameSecond, true)).isEqualTo(WriteResult.WRITTEN);
    assertThat(store.subscription(TENANT)).contains(sameSecond);
  }

  @Test
  void overwriteTieNeverOverwritesANewerRecord() {
    var newer = Fixtures.customer(TENANT, "Acme GmbH", false, version(T0 + 1, "evt_C"));
    store.saveCustomer(newer, false);

    var tieRefetched = Fixtures.customer(TENANT, "Acme AG", true, version(T0, "evt_B"));
    assertThat(store.saveCustomer(tieRefetched, true)).isEqualTo(WriteResult.STALE);
    assertThat(store.customer(TENANT)).contains(newer);
  }

  @Test
  void tieAndStaleForPutItemRecords() {
    var stored = Fixtures.customer(TENANT, "Acme GmbH", false, version(T0, "evt_A"));
    assertThat(store.saveCustomer(stored, false)).isEqualTo(WriteResult.WRITTEN);
    assertThat(store.saveCustomer(stored, false)).isEqualTo(WriteResult.SAME);

    var tie = Fixtures.customer(TENANT, "Acme GmbH", true, version(T0, "evt_B"));
    assertThat(store.saveCustomer(tie, false)).isEqualTo(WriteResult.TIE);
    assertThat(store.saveCustomer(tie, true)).isEqualTo(WriteResult.WRITTEN);
    assertThat(store.customer(TENANT)).contains(tie);

    var older = Fixtures.customer(TENANT, "Acme", false, version(T0 - 5, "evt_0"));
    assertThat(store.saveCustomer(older, false)).isEqualTo(WriteResult.STALE);
    assertThat(store.customer(TENANT)).contains(tie);
  }

  @Test
  void pastDueSinceKeepsTheEarliestValueAndIsRemovedWhenNoLongerPastDue() {
    store.saveSubscription(Fixtures.activeSubscription(TENANT, version(T0, "evt_A")), false);

    var firstFailure = Fixtures.pastDueSubscription(TENANT, version(T0 + 86_400, "evt_B"));
    assertThat(store.saveSubscription(firstFailure, false)).isEqualTo(WriteResult.WRITTEN);
    var retryFailure = Fixtures.pastDueSubscription(TENANT, version(T0 + 4 * 86_400, "evt_C"));
    assertThat(store.saveSubscription(retryFailure, false)).isEqualTo(WriteResult.WRITTEN);

    SubscriptionRecord stored = store.subscription(TENANT).orElseThrow();
    assertThat(stored.pastDueSince()).isEqualTo(Instant.ofEpochSecond(T0 + 86_400));
    assertThat(stored.version()).isEqualTo(version(T0 + 4 * 86_400, "evt_C"));

    var recovered = Fixtures.activeSubscription(TENANT, version(T0 + 5 * 86_400, "evt_D"));
    store.saveSubscription(recovered, false);
    assertThat(store.subscription(TENANT).orElseThrow().pastDueSince()).isNull();
    assertThat(rawItem(BillingTable.tenantPk(TENANT), SUB_SK)).doesNotContainKey("pastDueSince");

    var againPastDue = Fixtures.pastDueSubscription(TENANT, version(T0 + 35 * 86_400, "evt_E"));
    store.saveSubscription(againPastDue, false);
    assertThat(store.subscription(TENANT).orElseThrow().pastDueSince())
        .isEqualTo(Instant.ofEpochSecond(T0 + 35 * 86_400));
  }

  @Test
  void pastDueSinceOfAnotherSubscriptionIsNotKept() {
    store.saveSubscription(
        Fixtures.pastDueSubscription(TENANT, "sub_old", version(T0, "evt_A")), false);

    var replacement = Fixtures.pastDueSubscription(TENANT, "sub_new", version(T0 + 3_600, "evt_B"));
    assertThat(store.saveSubscription(replacement, false)).isEqualTo(WriteResult.WRITTEN);
    assertThat(store.subscription(TENANT)).contains(replacement);
  }

  @Test
  void anItemOfTheOldOneSubscriptionShapeIsReadAsOneMoreSubscription() {
    var legacy = Fixtures.pastDueSubscription(TENANT, "sub_legacy", version(T0 + 50, "evt_L"));
    Map<String, AttributeValue> item = new HashMap<>(RecordItems.subscription(legacy).item());
    item.put("sk", AttributeValue.fromS(BillingTable.LEGACY_SUBSCRIPTION_SK));
    dynamo.putItem(b -> b.tableName(table).item(item));
    var other = Fixtures.activeSubscription(TENANT, version(T0, "evt_A"));
    store.saveSubscription(other, false);

    assertThat(store.subscriptions(TENANT)).containsExactly(legacy, other);

    // An older event of the legacy subscription gets its own item but the legacy state is newer.
    var older = Fixtures.pastDueSubscription(TENANT, "sub_legacy", version(T0 + 10, "evt_K"));
    assertThat(store.saveSubscription(older, false)).isEqualTo(WriteResult.WRITTEN);
    assertThat(store.subscriptions(TENANT)).containsExactly(legacy, other);

    var newer =
        SubscriptionRecords.from(legacy)
            .status("canceled")
            .pastDueSince(null)
            .version(version(T0 + 90, "evt_M"))
            .build();
    assertThat(store.saveSubscription(newer, false)).isEqualTo(WriteResult.WRITTEN);
    assertThat(store.subscriptions(TENANT)).containsExactly(newer, other);
  }

  @Test
  void pastDueRecordThatIsStaleStaysStale() {
    store.saveSubscription(Fixtures.activeSubscription(TENANT, version(T0 + 100, "evt_B")), false);

    var olderPastDue = Fixtures.pastDueSubscription(TENANT, version(T0, "evt_A"));
    assertThat(store.saveSubscription(olderPastDue, false)).isEqualTo(WriteResult.STALE);
    var tiePastDue = Fixtures.pastDueSubscription(TENANT, version(T0 + 100, "evt_C"));
    assertThat(store.saveSubscription(tiePastDue, false)).isEqualTo(WriteResult.TIE);
    assertThat(store.subscription(TENANT).orElseThrow().status()).isEqualTo("active");
  }

  @Test
  void fieldsThatBecameNullAreRemoved() {
    var trialing = Fixtures.trialingSubscription(TENANT, version(T0, "evt_A"));
    store.saveSubscription(trialing, false);
    var active =
        SubscriptionRecords.active()
            .tenant(TENANT)
            .customer(trialing.customerId())
            .subscription(trialing.subscriptionId())
            .price("price_not_in_catalog")
            .cycle(null)
            .period(trialing.currentPeriodStart(), trialing.currentPeriodEnd())
            .version(version(T0 + 10, "evt_B"))
            .build();
    store.saveSubscription(active, false);

    assertThat(store.subscription(TENANT)).contains(active);
    assertThat(rawItem(BillingTable.tenantPk(TENANT), SUB_SK))
        .doesNotContainKeys("planKey", "billingCycle", "trialEnd", "cancelAt", "cancellationReason")
        .containsKeys("pk", "sk", "type", "tenantId", "status", "versionCreated", "versionEventId");

    store.saveCustomer(Fixtures.customer(TENANT, "Acme GmbH", false, version(T0, "evt_A")), false);
    var unnamed = Fixtures.customer(TENANT, null, false, version(T0 + 1, "evt_B"));
    store.saveCustomer(unnamed, false);
    assertThat(store.customer(TENANT)).contains(unnamed);
    assertThat(rawItem(BillingTable.tenantPk(TENANT), BillingTable.CUSTOMER_SK))
        .doesNotContainKey("name");
  }

  @Test
  void subscriptionItemLayout() {
    store.saveSubscription(Fixtures.pastDueSubscription(TENANT, version(T0, "evt_A")), false);

    var item = rawItem(BillingTable.tenantPk(TENANT), SUB_SK);
    assertThat(Items.string(item, "type")).isEqualTo("SUBSCRIPTION");
    assertThat(Items.string(item, "sk")).isEqualTo("SUBSCRIPTION#sub_1QxR4tKd8Zq2LmNpA7bC9dEf");
    assertThat(item.get("versionCreated").n()).isEqualTo(Long.toString(T0));
    assertThat(Items.string(item, "versionEventId")).isEqualTo("evt_A");
    assertThat(Items.string(item, "currentPeriodEnd")).isEqualTo("2025-04-01T09:12:44Z");
    assertThat(Items.string(item, "pastDueSince")).isEqualTo(Instant.ofEpochSecond(T0).toString());
    assertThat(item.get("quantity").n()).isEqualTo("5");
    assertThat(item.get("cancelAtPeriodEnd").bool()).isFalse();
  }

  @Test
  void paymentsNewestFirstAcrossKindsAndVersioned() {
    Instant march = Instant.parse("2025-03-01T09:12:44Z");
    Instant april = Instant.parse("2025-04-01T09:13:02Z");
    Instant mid = Instant.parse("2025-03-17T14:03:11Z");
    var aprilDraft =
        Fixtures.invoice(
            TENANT, "in_1R9April", april, "open", 0, version(april.getEpochSecond(), "evt_1"));
    var aprilPaid =
        Fixtures.invoice(
            TENANT,
            "in_1R9April",
            april,
            "paid",
            4500,
            version(april.getEpochSecond() + 3, "evt_2"));
    var marchPaid =
        Fixtures.invoice(
            TENANT,
            "in_1QxMarch",
            march,
            "paid",
            4500,
            version(march.getEpochSecond() + 2, "evt_3"));
    var credits =
        Fixtures.purchase(
            TENANT, "cs_test_a1B2c3D4e5", mid, "paid", version(mid.getEpochSecond(), "evt_4"));

    assertThat(store.savePayment(aprilPaid, false)).isEqualTo(WriteResult.WRITTEN);
    assertThat(store.savePayment(marchPaid, false)).isEqualTo(WriteResult.WRITTEN);
    assertThat(store.savePayment(aprilDraft, false)).isEqualTo(WriteResult.STALE);
    assertThat(store.savePayment(credits, false)).isEqualTo(WriteResult.WRITTEN);
    store.savePayment(
        Fixtures.invoice("tn_other", "in_1Other", april, "paid", 4500, version(T0, "evt_5")),
        false);
    // other items of the tenant are not payments
    store.saveCustomer(Fixtures.customer(TENANT, "Acme GmbH", false, version(T0, "evt_6")), false);

    assertThat(store.payments(TENANT)).containsExactly(aprilPaid, credits, marchPaid);
    assertThat(store.payments("tn_nobody")).isEmpty();
    assertThat(
            rawItem(
                BillingTable.tenantPk(TENANT),
                BillingTable.paymentSk(april.getEpochSecond(), "in_1R9April")))
        .containsKey("amountPaid");
  }

  @Test
  void paymentWithoutCreatedIsKeyedAtZero() {
    var undated =
        Fixtures.purchase(TENANT, "cs_test_undated", null, "pending", version(T0, "evt_A"));
    assertThat(store.savePayment(undated, false)).isEqualTo(WriteResult.WRITTEN);
    assertThat(rawItem(BillingTable.tenantPk(TENANT), "PAYMENT#000000000000#cs_test_undated"))
        .isNotNull();
    assertThat(store.payments(TENANT)).containsExactly(undated);
  }

  @Test
  void entitlementsRoundTripIncludingAnEmptyList() {
    var granted =
        Fixtures.entitlements(
            TENANT, List.of("api-access", "sso", "audit-log"), version(T0, "evt_A"));
    assertThat(store.saveEntitlements(granted, false)).isEqualTo(WriteResult.WRITTEN);
    assertThat(store.entitlements(TENANT)).contains(granted);

    var revoked = Fixtures.entitlements(TENANT, List.of(), version(T0 + 30, "evt_B"));
    assertThat(store.saveEntitlements(revoked, false)).isEqualTo(WriteResult.WRITTEN);
    assertThat(store.entitlements(TENANT)).contains(revoked);
    assertThat(store.saveEntitlements(granted, false)).isEqualTo(WriteResult.STALE);
  }

  @Test
  void readersAreEmptyForAnUnknownTenant() {
    assertThat(store.subscription("tn_unknown")).isEmpty();
    assertThat(store.customer("tn_unknown")).isEmpty();
    assertThat(store.entitlements("tn_unknown")).isEmpty();
    assertThat(store.payments("tn_unknown")).isEmpty();
    assertThat(store.tenantBillingEmail("tn_unknown")).isEmpty();
  }

  @Test
  void paymentKindRoundTrips() {
    var purchase =
        Fixtures.purchase(
            TENANT,
            "cs_test_kind",
            Instant.parse("2025-03-02T00:00:00Z"),
            "paid",
            version(T0, "evt_A"));
    store.savePayment(purchase, false);
    assertThat(store.payments(TENANT))
        .singleElement()
        .extracting(PaymentRecord::kind)
        .isEqualTo(PaymentRecord.Kind.PURCHASE);
  }

  @Test
  void aPaymentsChargeFactsRoundTripAndADisputeFreeOneReadsBackWithout() {
    PaymentRecord refunded =
        PaymentRecords.purchase()
            .tenant(TENANT)
            .id("cs_test_refunded")
            .customer("cus_1")
            .paid(29900)
            .status(PaymentRecord.PARTIALLY_REFUNDED)
            .created(Instant.parse("2025-03-03T00:00:00Z"))
            .catalogKey("onboarding_workshop")
            .paymentIntent("pi_1")
            .receiptUrl("https://pay.stripe.com/receipts/ch_1")
            .amountRefunded(10000)
            .dispute("dp_1", "under_review", "fraudulent")
            .version(version(T0, "evt_R"))
            .build();
    PaymentRecord plain =
        PaymentRecords.invoice()
            .tenant(TENANT)
            .id("in_plain")
            .paid(4900)
            .status("paid")
            .created(Instant.parse("2025-03-01T00:00:00Z"))
            .version(version(T0, "evt_P"))
            .build();

    store.savePayment(refunded, false);
    store.savePayment(plain, false);

    assertThat(store.payments(TENANT)).containsExactly(refunded, plain);
    assertThat(store.payments(TENANT).get(1).dispute()).isNull();
    assertThat(store.payments(TENANT).get(1).amountRefunded()).isZero();
  }
}
