package app.billing.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.AuditEntry;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.model.Outcome;
import app.billing.core.model.ParkedEvent;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.model.WriteResult;
import app.billing.core.port.CustomerLinks.Link;
import app.billing.core.port.EmailGuards.EmailClaim;
import app.billing.core.port.EmailGuards.SentEmail;
import app.billing.core.testdata.AuditEntries;
import app.billing.core.testdata.CustomerRecords;
import app.billing.core.testdata.EntitlementsRecords;
import app.billing.core.testdata.PaymentRecords;
import app.billing.core.testdata.SubscriptionRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake must honour the port's contract, or the service tests prove nothing. */
class InMemoryBillingStoreTest {
  private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
  private final InMemoryBillingStore store = new InMemoryBillingStore(Duration.ofMinutes(5));

  private static SubscriptionRecord sub(
      String id, String status, Instant pastDueSince, long created, String eventId) {
    return SubscriptionRecords.withStatus(status)
        .tenant("ten")
        .customer("cus")
        .subscription(id)
        .plan("pro")
        .price("price_p")
        .pastDueSince(pastDueSince)
        .version(new EventVersion(created, eventId))
        .build();
  }

  private static PaymentRecord payment(
      String id, long createdAt, String status, long created, String eventId) {
    return PaymentRecords.invoice()
        .tenant("ten")
        .id(id)
        .customer("cus")
        .amount(100)
        .status(status)
        .description("Invoice")
        .created(Instant.ofEpochSecond(createdAt))
        .version(new EventVersion(created, eventId))
        .build();
  }

  // --- versioning ---

  @Test
  void newerWritesOlderIsStaleSameEventAgainIsSame() {
    assertThat(store.saveSubscription(sub("sub", "trialing", null, 100, "evt_a"), false))
        .isEqualTo(WriteResult.WRITTEN);
    assertThat(store.saveSubscription(sub("sub", "active", null, 200, "evt_b"), false))
        .isEqualTo(WriteResult.WRITTEN);
    assertThat(store.saveSubscription(sub("sub", "trialing", null, 100, "evt_a"), false))
        .isEqualTo(WriteResult.STALE);
    assertThat(store.subscription("ten").orElseThrow().status()).isEqualTo("active");
    assertThat(store.saveSubscription(sub("sub", "canceled", null, 200, "evt_b"), false))
        .isEqualTo(WriteResult.SAME);
    assertThat(store.saveSubscription(sub("sub", "canceled", null, 200, "evt_b"), true))
        .isEqualTo(WriteResult.SAME);
    assertThat(store.subscription("ten").orElseThrow().status()).isEqualTo("active");
  }

  @Test
  void anotherEventOfTheSameSecondIsATieUntilOverwritten() {
    store.savePayment(payment("in_1", 50, "open", 100, "evt_a"), false);

    assertThat(store.savePayment(payment("in_1", 50, "paid", 100, "evt_b"), false))
        .isEqualTo(WriteResult.TIE);
    assertThat(store.payments("ten")).extracting(PaymentRecord::status).containsExactly("open");

    assertThat(store.savePayment(payment("in_1", 50, "paid", 100, "evt_b"), true))
        .isEqualTo(WriteResult.WRITTEN);
    assertThat(store.payments("ten")).extracting(PaymentRecord::status).containsExactly("paid");
    // overwriteTie does not let an older event through
    assertThat(store.savePayment(payment("in_1", 50, "void", 99, "evt_c"), true))
        .isEqualTo(WriteResult.STALE);
  }

  @Test
  void everyRecordTypeIsVersioned() {
    CustomerRecord customer =
        CustomerRecords.customer()
            .tenant("ten")
            .id("cus")
            .email("a@b.test")
            .name("A")
            .version(new EventVersion(10, "e1"))
            .build();
    EntitlementsRecord entitlements =
        EntitlementsRecords.granted("x")
            .tenant("ten")
            .customer("cus")
            .version(new EventVersion(10, "e1"))
            .build();
    store.saveCustomer(customer, false);
    store.saveEntitlements(entitlements, false);

    assertThat(
            store.saveCustomer(
                CustomerRecords.customer()
                    .tenant("ten")
                    .id("cus")
                    .email("old@b.test")
                    .name("A")
                    .version(new EventVersion(9, "e0"))
                    .build(),
                false))
        .isEqualTo(WriteResult.STALE);
    assertThat(
            store.saveCustomer(
                CustomerRecords.customer()
                    .tenant("ten")
                    .id("cus")
                    .email("c@b.test")
                    .name("A")
                    .version(new EventVersion(10, "e2"))
                    .build(),
                false))
        .isEqualTo(WriteResult.TIE);
    assertThat(
            store.saveEntitlements(
                EntitlementsRecords.granted()
                    .tenant("ten")
                    .customer("cus")
                    .version(new EventVersion(10, "e2"))
                    .build(),
                false))
        .isEqualTo(WriteResult.TIE);
    assertThat(
            store.saveEntitlements(
                EntitlementsRecords.granted()
                    .tenant("ten")
                    .customer("cus")
                    .version(new EventVersion(11, "e3"))
                    .build(),
                false))
        .isEqualTo(WriteResult.WRITTEN);
    assertThat(store.customer("ten")).contains(customer);
    assertThat(store.entitlements("ten").orElseThrow().lookupKeys()).isEmpty();
  }

  @Test
  void paymentsAreKeptPerIdAndListedNewestFirst() {
    store.savePayment(payment("in_old", 10, "paid", 100, "evt_a"), false);
    store.savePayment(payment("in_new", 30, "open", 90, "evt_b"), false);
    store.savePayment(payment("in_mid", 20, "paid", 95, "evt_c"), false);

    assertThat(store.payments("ten"))
        .extracting(PaymentRecord::paymentId)
        .containsExactly("in_new", "in_mid", "in_old");
    assertThat(store.payments("other")).isEmpty();
  }

  // --- pastDueSince ---

  @Test
  void theEarliestPastDueSinceIsKeptWhileStillPastDue() {
    Instant first = Instant.ofEpochSecond(100);
    store.saveSubscription(sub("sub", "past_due", first, 100, "evt_a"), false);
    store.saveSubscription(sub("sub", "past_due", Instant.ofEpochSecond(200), 200, "evt_b"), false);

    SubscriptionRecord stored = store.subscription("ten").orElseThrow();
    assertThat(stored.pastDueSince()).isEqualTo(first);
    assertThat(stored.version()).isEqualTo(new EventVersion(200, "evt_b"));
  }

  @Test
  void pastDueSinceIsRemovedWhenNoLongerPastDue() {
    store.saveSubscription(sub("sub", "past_due", Instant.ofEpochSecond(100), 100, "evt_a"), false);
    store.saveSubscription(sub("sub", "active", null, 200, "evt_b"), false);
    assertThat(store.subscription("ten").orElseThrow().pastDueSince()).isNull();

    store.saveSubscription(sub("sub", "past_due", Instant.ofEpochSecond(300), 300, "evt_c"), false);
    assertThat(store.subscription("ten").orElseThrow().pastDueSince())
        .isEqualTo(Instant.ofEpochSecond(300));
  }

  @Test
  void aRecordNotPastDueNeverKeepsAPastDueSince() {
    store.saveSubscription(sub("sub", "canceled", Instant.ofEpochSecond(100), 100, "evt_a"), false);

    assertThat(store.subscription("ten").orElseThrow().pastDueSince()).isNull();
  }

  @Test
  void anotherSubscriptionStartsItsOwnPastDueClock() {
    store.saveSubscription(
        sub("sub_old", "past_due", Instant.ofEpochSecond(100), 100, "evt_a"), false);
    store.saveSubscription(
        sub("sub_new", "past_due", Instant.ofEpochSecond(200), 200, "evt_b"), false);

    assertThat(store.subscription("ten").orElseThrow().pastDueSince())
        .isEqualTo(Instant.ofEpochSecond(200));
  }

  // --- links and parking ---

  @Test
  void theFirstLinkWins() {
    assertThat(store.link("cus", "ten_a", T0)).isEqualTo(new Link("ten_a", true));
    assertThat(store.link("cus", "ten_b", T0)).isEqualTo(new Link("ten_a", false));
    assertThat(store.lookup("cus").tenantId()).contains("ten_a");
    assertThat(store.lookup("cus_other").tenantId()).isEmpty();
  }

  @Test
  void parkedEventsComeBackOldestFirstPerCustomerUntilUnparked() {
    ParkedEvent late = new ParkedEvent("cus", "evt_late", "invoice.paid", 300, "{}");
    ParkedEvent tieB = new ParkedEvent("cus", "evt_b", "invoice.paid", 200, "{}");
    ParkedEvent tieA = new ParkedEvent("cus", "evt_a", "invoice.paid", 200, "{}");
    ParkedEvent other = new ParkedEvent("cus_other", "evt_o", "invoice.paid", 100, "{}");
    for (ParkedEvent e : List.of(late, tieB, tieA, other, late)) {
      store.park(e, T0);
    }

    assertThat(store.lookup("cus").parked()).containsExactly(tieA, tieB, late);
    assertThat(store.lookup("cus").tenantId()).isEmpty();

    store.unpark(tieA);
    assertThat(store.lookup("cus").parked()).containsExactly(tieB, late);
    assertThat(store.parked()).containsExactly(other, tieB, late);
  }

  // --- email guard, counting (credits and claims: CreditsContract, EmailGuardsContract) ---

  @Test
  void anEmailIsClaimedOnceAndSentKeysStayTaken() {
    assertThat(store.claimEmail("evt_1:receipt", T0, false)).isEqualTo(EmailClaim.CLAIMED);
    assertThat(store.claimEmail("evt_1:receipt", T0.plusSeconds(10), false))
        .isEqualTo(EmailClaim.TAKEN);
    assertThat(store.claimEmail("evt_2:receipt", T0, false)).isEqualTo(EmailClaim.CLAIMED);

    store.writeBatch(List.of(), List.of(new SentEmail("evt_1:receipt", T0.plusSeconds(20), false)));

    assertThat(store.claimEmail("evt_1:receipt", T0.plus(Duration.ofDays(1)), false))
        .isEqualTo(EmailClaim.TAKEN);
    assertThat(store.sentEmailKeys()).containsExactly("evt_1:receipt");
  }

  @Test
  void auditEntriesAreKeptPerTenantAndEvent() {
    AuditEntry applied =
        AuditEntries.applied()
            .tenant("ten")
            .event("evt_1", "invoice.paid", 100)
            .processedAt(T0)
            .build();
    AuditEntry again =
        AuditEntries.applied()
            .tenant("ten")
            .event("evt_1", "invoice.paid", 100)
            .processedAt(T0.plusSeconds(5))
            .build();
    AuditEntry other =
        AuditEntries.withOutcome(Outcome.STALE)
            .tenant("ten")
            .event("evt_2", "invoice.paid", 101)
            .processedAt(T0)
            .build();

    store.writeBatch(List.of(applied, other), List.of());
    store.writeBatch(List.of(again), List.of());

    assertThat(store.auditLog()).containsExactly(again, other);
  }

  @Test
  void tenantBillingEmailAndCallCounting() {
    assertThat(store.calls()).isZero();
    store.setTenantBillingEmail("ten", "admin@ten.test");

    assertThat(store.tenantBillingEmail("ten")).contains("admin@ten.test");
    assertThat(store.tenantBillingEmail("other")).isEmpty();
    assertThat(store.calls()).isEqualTo(2);
  }
}
