package app.billing.core.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.access.AccessPolicy;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.InvalidCatalogException;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.recovery.RefetchVersion;
import app.billing.core.testdata.PaymentRecords;
import app.billing.core.testdata.SubscriptionRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundMapperTest {
  static final String TENANT = "t_1";
  static final long T0 = 1_767_225_600L;
  static final String STARTER = "price_1YVHXZSb7kQ2wLn572xB0pDK";
  static final String PRO = "price_14K14PSb7kQ2wLn5JNF92G3q";

  private final OutboundMapper mapper = mapper();

  static OutboundMapper mapper() {
    return new OutboundMapper(catalog(), new AccessPolicy(Duration.ofDays(7)));
  }

  static Catalog catalog() {
    try {
      return Catalog.fromResource(Catalog.RESOURCE);
    } catch (InvalidCatalogException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aFirstActiveSubscriptionChangesTheSubscriptionAndGrantsAccess() {
    SubscriptionRecord after = subscription("active", "starter", STARTER, null, v(0, "evt_a"));

    List<OutboundEvent> events = mapper.subscription(null, after);

    assertThat(events)
        .extracting(OutboundEvent::type)
        .containsExactly(OutboundType.SUBSCRIPTION_CHANGED, OutboundType.ACCESS_CHANGED);
    OutboundEvent access = events.get(1);
    assertThat(access.before()).isEqualTo(new AccessState("none", null, List.of(), Map.of(), null));
    assertThat(access.after())
        .isEqualTo(
            new AccessState(
                "full",
                "starter",
                List.of("core_app"),
                Map.of("seats", 3L, "projects", 10L),
                null));
    assertThat(access.changed()).containsExactly("access", "plan", "features", "limits");
    assertThat(access.stripeEventId()).isEqualTo("evt_a");
    assertThat(access.id())
        .isEqualTo("billing.access.changed:t_1:subscription:sub_1:" + T0 + ":evt_a");
    assertThat(events.get(0).before()).isNull();
  }

  @Test
  void anUpgradeMovesPlanFeaturesAndLimits() {
    SubscriptionRecord before = subscription("active", "starter", STARTER, null, v(0, "evt_a"));
    SubscriptionRecord after = subscription("active", "pro", PRO, null, v(60, "evt_b"));

    List<OutboundEvent> events = mapper.subscription(before, after);

    assertThat(events.get(0).changed()).containsExactly("plan", "priceId");
    AccessState was = (AccessState) events.get(1).before();
    AccessState is = (AccessState) events.get(1).after();
    assertThat(was.plan()).isEqualTo("starter");
    assertThat(is.plan()).isEqualTo("pro");
    assertThat(is.features()).contains("priority_support");
    assertThat(is.limits()).containsEntry("seats", 20L);
  }

  @Test
  void pastDueIsGraceUntilTheGracePeriodEnds() {
    SubscriptionRecord before = subscription("active", "pro", PRO, null, v(0, "evt_a"));
    Instant since = Instant.ofEpochSecond(T0 + 60);
    SubscriptionRecord after = subscription("past_due", "pro", PRO, since, v(60, "evt_b"));

    OutboundEvent access = mapper.subscription(before, after).get(1);

    assertThat(access.type()).isEqualTo(OutboundType.ACCESS_CHANGED);
    assertThat(access.changed()).containsExactly("access", "accessUntil");
    assertThat(((AccessState) access.after()).access()).isEqualTo("grace");
    assertThat(((AccessState) access.after()).accessUntil())
        .isEqualTo(since.plus(Duration.ofDays(7)));
    assertThat(((AccessState) access.after()).features()).isNotEmpty();
  }

  @Test
  void aCancellationTakesAccessAway() {
    SubscriptionRecord before = subscription("active", "pro", PRO, null, v(0, "evt_a"));
    SubscriptionRecord after = subscription("canceled", "pro", PRO, null, v(60, "evt_b"));

    OutboundEvent access = mapper.subscription(before, after).get(1);

    assertThat(access.after()).isEqualTo(new AccessState("none", null, List.of(), Map.of(), null));
  }

  @Test
  void cancellingOneOfTwoLiveSubscriptionsKeepsTheTenantsAccess() {
    SubscriptionRecord other =
        SubscriptionRecords.from(subscription("active", "starter", STARTER, null, v(0, "evt_o")))
            .subscription("sub_2")
            .build();
    OutboundMapper withOther =
        new OutboundMapper(catalog(), new AccessPolicy(Duration.ofDays(7)), t -> List.of(other));
    SubscriptionRecord before = subscription("active", "pro", PRO, null, v(10, "evt_a"));
    SubscriptionRecord after = subscription("canceled", "pro", PRO, null, v(60, "evt_b"));

    List<OutboundEvent> events = withOther.subscription(before, after);
    // Pro, the newer of the two, was the effective one.

    // Pro ended, Starter still grants full access: the plan changed, access did not go to none.
    OutboundEvent access =
        events.stream()
            .filter(e -> e.type() == OutboundType.ACCESS_CHANGED)
            .findFirst()
            .orElseThrow();
    assertThat(((AccessState) access.before()).plan()).isEqualTo("pro");
    assertThat(((AccessState) access.after()).access()).isEqualTo("full");
    assertThat(((AccessState) access.after()).plan()).isEqualTo("starter");
  }

  @Test
  void aNewVersionWithTheSameStateChangesNothing() {
    SubscriptionRecord before = subscription("active", "pro", PRO, null, v(0, "evt_a"));
    SubscriptionRecord after = subscription("active", "pro", PRO, null, v(60, "evt_b"));

    assertThat(mapper.subscription(before, after)).isEmpty();
    assertThat(mapper.events(before, after, "customer.subscription.updated")).isEmpty();
  }

  @Test
  void aChangeThatKeepsAccessPublishesOnlyTheSubscription() {
    SubscriptionRecord before = subscription("active", "pro", PRO, null, v(0, "evt_a"));
    SubscriptionRecord after =
        withCancelAtPeriodEnd(subscription("active", "pro", PRO, null, v(60, "evt_b")));

    List<OutboundEvent> events = mapper.subscription(before, after);

    assertThat(events)
        .extracting(OutboundEvent::type)
        .containsExactly(OutboundType.SUBSCRIPTION_CHANGED);
    assertThat(events.get(0).changed()).containsExactly("cancelAtPeriodEnd");
  }

  @Test
  void anIncompleteFirstSubscriptionGrantsNoAccess() {
    SubscriptionRecord after = subscription("incomplete", "pro", PRO, null, v(0, "evt_a"));

    assertThat(mapper.subscription(null, after))
        .extracting(OutboundEvent::type)
        .containsExactly(OutboundType.SUBSCRIPTION_CHANGED);
  }

  @Test
  void refetchedStateHasNoStripeEventId() {
    SubscriptionRecord after =
        subscription("active", "pro", PRO, null, RefetchVersion.of(Instant.ofEpochSecond(T0)));

    assertThat(mapper.subscription(null, after))
        .allSatisfy(e -> assertThat(e.stripeEventId()).isNull());
  }

  @Test
  void anInvoiceTurningPaidIsAPaymentSucceeded() {
    PaymentRecord open = invoice("open", 0, v(0, "evt_a"));
    PaymentRecord paid = invoice("paid", 4900, v(60, "evt_b"));

    List<OutboundEvent> events = mapper.payment(open, paid, "invoice.paid");

    assertThat(events)
        .extracting(OutboundEvent::type)
        .containsExactly(OutboundType.PAYMENT_SUCCEEDED);
    assertThat(events.get(0).changed()).containsExactly("status", "amountPaid");
    assertThat(events.get(0).subject()).isEqualTo("payment:in_1");
    assertThat(mapper.payment(null, paid, "invoice.paid")).hasSize(1);
  }

  @Test
  void aPaidInvoiceChangingAgainIsNoNewPayment() {
    PaymentRecord paid = invoice("paid", 4900, v(0, "evt_a"));
    PaymentRecord again = invoice("paid", 4900, v(60, "evt_b"));

    assertThat(mapper.payment(paid, again, "invoice.paid")).isEmpty();
    assertThat(mapper.payment(null, invoice("paid", 0, v(0, "evt_c")), "invoice.paid"))
        .as("a zero-amount invoice is no payment")
        .isEmpty();
  }

  @Test
  void everyFailedAttemptOfAnUnpaidInvoiceIsAPaymentFailed() {
    PaymentRecord first = invoice("open", 0, v(0, "evt_a"));
    PaymentRecord second = invoice("open", 0, v(60, "evt_b"));

    assertThat(mapper.payment(null, first, "invoice.payment_failed"))
        .extracting(OutboundEvent::type)
        .containsExactly(OutboundType.PAYMENT_FAILED);
    assertThat(mapper.payment(first, second, "invoice.payment_failed")).hasSize(1);
    assertThat(mapper.payment(first, second, "invoice.payment_action_required")).isEmpty();
  }

  @Test
  void aPurchaseTurningPaidIsCompletedAndTurningFailedIsAPaymentFailed() {
    PaymentRecord pending = purchase("pending", v(0, "evt_a"));

    assertThat(
            mapper.payment(
                pending,
                purchase("paid", v(60, "evt_b")),
                "checkout.session.async_payment_succeeded"))
        .extracting(OutboundEvent::type)
        .containsExactly(OutboundType.PURCHASE_COMPLETED);
    assertThat(
            mapper.payment(
                pending,
                purchase("failed", v(60, "evt_c")),
                "checkout.session.async_payment_failed"))
        .extracting(OutboundEvent::type)
        .containsExactly(OutboundType.PAYMENT_FAILED);
    assertThat(mapper.payment(null, pending, "checkout.session.completed")).isEmpty();
    assertThat(
            mapper.payment(purchase("paid", v(0, "evt_a")), purchase("paid", v(60, "evt_b")), null))
        .isEmpty();
  }

  @Test
  void entitlementsPublishWhenTheirKeysChange() {
    EntitlementsRecord before =
        new EntitlementsRecord(TENANT, "cus_1", List.of("a"), v(0, "evt_a"));
    EntitlementsRecord after =
        new EntitlementsRecord(TENANT, "cus_1", List.of("b", "a"), v(60, "evt_b"));
    EntitlementsRecord same =
        new EntitlementsRecord(TENANT, "cus_1", List.of("a", "b"), v(90, "evt_c"));

    List<OutboundEvent> events = mapper.entitlements(before, after);

    assertThat(events)
        .extracting(OutboundEvent::type)
        .containsExactly(OutboundType.ENTITLEMENTS_CHANGED);
    assertThat(events.get(0).after()).isEqualTo(new EntitlementsState(List.of("a", "b")));
    assertThat(mapper.entitlements(after, same)).isEmpty();
    assertThat(
            mapper.entitlements(
                null, new EntitlementsRecord(TENANT, "cus_1", List.of(), v(0, "e"))))
        .isEmpty();
  }

  @Test
  void customerRecordsPublishNothing() {
    CustomerRecord before =
        new CustomerRecord(TENANT, "cus_1", "a@x", "A", false, false, v(0, "e1"));
    CustomerRecord after =
        new CustomerRecord(TENANT, "cus_1", "b@x", "B", true, false, v(60, "e2"));

    assertThat(mapper.events(before, after, "customer.updated")).isEmpty();
  }

  @Test
  void aRefundIsPublishedWhenTheRefundedTotalGrows() {
    PaymentRecords.Builder purchase =
        PaymentRecords.purchase()
            .tenant(TENANT)
            .id("cs_1")
            .paid(2900)
            .status("paid")
            .version(0, "e1");
    PaymentRecord paid = purchase.build();
    PaymentRecord partly =
        purchase.status("partially_refunded").amountRefunded(1000).version(60, "e2").build();
    PaymentRecord again = purchase.version(90, "e3").build();

    List<OutboundEvent> events = mapper.events(paid, partly, "charge.refunded");

    assertThat(events).extracting(OutboundEvent::type).containsExactly(OutboundType.REFUND_CREATED);
    assertThat(((RefundState) events.get(0).after()).amountRefunded()).isEqualTo(1000);
    assertThat(((RefundState) events.get(0).before()).amountRefunded()).isZero();
    assertThat(mapper.payment(partly, again, "refund.updated")).isEmpty();
  }

  @Test
  void theDetailCarriesTenantVersionAndBeforeAfter() {
    OutboundEvent access =
        mapper
            .subscription(null, subscription("active", "starter", STARTER, null, v(0, "evt_a")))
            .get(1);

    OutboundMessage message = OutboundJson.message(access);

    assertThat(message.detailType()).isEqualTo("billing.access.changed");
    assertThat(message.time()).isEqualTo(Instant.ofEpochSecond(T0));
    assertThat(message.recordVersion())
        .isEqualTo(
            OutboundMapper.recordVersion(
                subscription("active", "starter", STARTER, null, v(0, "evt_a"))));
    assertThat(message.detail())
        .contains("\"tenantId\":\"t_1\"")
        .contains("\"version\":{\"created\":" + T0 + ",\"eventId\":\"evt_a\"}")
        .contains("\"stripeEventId\":\"evt_a\"")
        .contains(
            "\"before\":{\"access\":\"none\",\"plan\":null,\"features\":[],\"limits\":{},\"accessUntil\":null}")
        .contains("\"after\":{\"access\":\"full\",\"plan\":\"starter\"");
  }

  static EventVersion v(long offsetSeconds, String eventId) {
    return new EventVersion(T0 + offsetSeconds, eventId);
  }

  static SubscriptionRecord subscription(
      String status, String plan, String priceId, Instant pastDueSince, EventVersion version) {
    return new SubscriptionRecord(
        TENANT,
        "cus_1",
        "sub_1",
        status,
        plan,
        priceId,
        "monthly",
        1,
        Instant.ofEpochSecond(T0),
        Instant.ofEpochSecond(T0 + 2_592_000),
        null,
        false,
        null,
        "canceled".equals(status) ? Instant.ofEpochSecond(version.created()) : null,
        null,
        null,
        pastDueSince,
        version);
  }

  static SubscriptionRecord withCancelAtPeriodEnd(SubscriptionRecord r) {
    return new SubscriptionRecord(
        r.tenantId(),
        r.customerId(),
        r.subscriptionId(),
        r.status(),
        r.planKey(),
        r.priceId(),
        r.billingCycle(),
        r.quantity(),
        r.currentPeriodStart(),
        r.currentPeriodEnd(),
        r.trialEnd(),
        true,
        r.cancelAt(),
        r.canceledAt(),
        r.endedAt(),
        r.cancellationReason(),
        r.pastDueSince(),
        r.version());
  }

  static PaymentRecord invoice(String status, long amountPaid, EventVersion version) {
    return new PaymentRecord(
        TENANT,
        "in_1",
        PaymentRecord.Kind.INVOICE,
        "cus_1",
        4900,
        amountPaid,
        "usd",
        status,
        "Subscription renewal",
        Instant.ofEpochSecond(T0),
        null,
        null,
        "subscription_cycle",
        "sub_1",
        null,
        version);
  }

  static PaymentRecord purchase(String status, EventVersion version) {
    return new PaymentRecord(
        TENANT,
        "cs_1",
        PaymentRecord.Kind.PURCHASE,
        "cus_1",
        29900,
        "paid".equals(status) ? 29900 : 0,
        "usd",
        status,
        "Onboarding workshop",
        Instant.ofEpochSecond(T0),
        null,
        null,
        null,
        null,
        "onboarding_workshop",
        version);
  }
}
