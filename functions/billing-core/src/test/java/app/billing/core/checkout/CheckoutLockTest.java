package app.billing.core.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.catalog.Catalog;
import app.billing.core.error.ApiException;
import app.billing.core.error.ConflictException;
import app.billing.core.error.UpstreamException;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.port.StripeWrites.FailureKind;
import app.billing.core.port.StripeWrites.StripeCallException;
import app.billing.core.testing.InMemoryBillingStore;
import app.billing.testkit.Exceptions;
import app.billing.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-tenant checkout lock as the checkout service applies it ({@link CheckoutLock}). */
class CheckoutLockTest {
  static final Instant NOW = Instant.parse("2026-11-24T20:15:03Z");
  static final String TENANT = "tenant-acme";
  static final String SUCCESS = "https://app.example.com/billing/success";
  static final String CANCEL = "https://app.example.com/billing/cancel";

  FakeTenantStore tenants;
  InMemoryBillingStore billing;
  FakeStripeBilling stripe;
  InMemoryCheckoutLocks locks;
  MutableClock clock;
  CheckoutService service;

  @BeforeEach
  void setUp() throws Exception {
    tenants = new FakeTenantStore().with(TENANT, null).with("tenant-other", "cus_Other0001");
    billing = new InMemoryBillingStore();
    stripe = new FakeStripeBilling();
    locks = new InMemoryCheckoutLocks();
    clock = new MutableClock(NOW);
    service =
        new CheckoutService(
            Catalog.fromResource(Catalog.RESOURCE),
            tenants,
            billing,
            billing,
            locks,
            stripe,
            new CheckoutSettings(
                SUCCESS,
                CANCEL,
                new RedirectPolicy(List.of(), List.of(SUCCESS, CANCEL)),
                false,
                100,
                CheckoutToken.fromSecret("checkout-lock-test-key-0123456789abcdef")),
            clock);
  }

  static CheckoutRequest request(String plan) {
    return new CheckoutRequest(plan, Optional.empty(), Optional.empty(), Optional.empty(), 1);
  }

  static ApiException thrown(Runnable call) {
    return Exceptions.thrown(ApiException.class, call);
  }

  static StripeCallException stripeDown() {
    return new StripeCallException(
        "create a checkout session", FailureKind.STRIPE_ERROR, 500, "req_Down", null, null, null);
  }

  @Test
  void aSecondCheckoutForAnotherPlanWhileOneIsOpenIs409AndNeverReachesStripe() {
    service.checkout(TENANT, request("starter"));
    int callsAfterFirst = stripe.calls();

    ApiException e = thrown(() -> service.checkout(TENANT, request("pro")));

    assertThat(e).isInstanceOf(ConflictException.class);
    assertThat(e.code()).isEqualTo("checkout_in_progress");
    assertThat(e.getMessage()).contains("in progress");
    assertThat(stripe.calls()).isEqualTo(callsAfterFirst);
    assertThat(stripe.sessions).hasSize(1);
  }

  @Test
  void theSamePlanAgainWithoutAKeyIs409Too() {
    service.checkout(TENANT, request("pro"));

    assertThat(thrown(() -> service.checkout(TENANT, request("pro"))).code())
        .isEqualTo("checkout_in_progress");
  }

  @Test
  void theLockIsKeptWithTheSessionAndLapsesWithIt() {
    service.checkout(TENANT, request("pro"));

    assertThat(locks.locks.get(TENANT).sessionId()).isEqualTo("cs_test_1");
    assertThat(locks.locks.get(TENANT).expiresAt()).isEqualTo(NOW.plus(CheckoutLock.HOLD));
    // The session expires before the lock does: no second payable session can exist.
    assertThat(stripe.sessions.getFirst().spec().expiresAt())
        .isEqualTo(NOW.plus(CheckoutLock.SESSION_LIFETIME))
        .isBefore(locks.locks.get(TENANT).expiresAt());
    assertThat(CheckoutLock.SESSION_LIFETIME).isGreaterThan(Duration.ofMinutes(30));

    clock.advance(CheckoutLock.HOLD.minusSeconds(1));
    assertThat(thrown(() -> service.checkout(TENANT, request("starter"))).code())
        .isEqualTo("checkout_in_progress");
    clock.advance(Duration.ofSeconds(1));
    service.checkout(TENANT, request("starter"));
    assertThat(stripe.sessions).hasSize(2);
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyIsNotAConflict() {
    CheckoutResult first = service.checkout(TENANT, request("pro"), Optional.of("order-42"));
    clock.advance(Duration.ofMinutes(3));
    CheckoutResult retry = service.checkout(TENANT, request("pro"), Optional.of("order-42"));

    assertThat(stripe.sessions)
        .extracting(FakeStripeBilling.SessionCall::idempotencyKey)
        .containsOnly(IdempotencyKeys.checkoutForClient(TENANT, "order-42"));
    // Stripe refuses a reused key with other parameters: the retry's expiry is the first one's.
    assertThat(stripe.sessions)
        .extracting(call -> call.spec().expiresAt())
        .containsOnly(NOW.plus(CheckoutLock.SESSION_LIFETIME));
    assertThat(retry.sessionId()).isNotNull();
    assertThat(first.sessionId()).isNotNull();
    assertThat(
            thrown(() -> service.checkout(TENANT, request("starter"), Optional.of("order-43")))
                .code())
        .isEqualTo("checkout_in_progress");
    assertThat(thrown(() -> service.checkout(TENANT, request("starter"))).code())
        .isEqualTo("checkout_in_progress");
  }

  @Test
  void aFailedSessionReleasesTheLockSoTheClientCanRetry() {
    stripe.failWith(stripeDown());
    assertThat(thrown(() -> service.checkout(TENANT, request("pro"))))
        .isInstanceOf(UpstreamException.class);
    stripe.failWith(null);

    CheckoutResult retry = service.checkout(TENANT, request("starter"));

    assertThat(locks.locks.get(TENANT).sessionId()).isEqualTo(retry.sessionId()).isNotNull();
  }

  @Test
  void aFailedRetryNeverReleasesALockWhoseSessionWasCreated() {
    service.checkout(TENANT, request("pro"), Optional.of("order-42"));
    stripe.failWith(stripeDown());
    thrown(() -> service.checkout(TENANT, request("pro"), Optional.of("order-42")));
    stripe.failWith(null);

    assertThat(thrown(() -> service.checkout(TENANT, request("starter"))).code())
        .isEqualTo("checkout_in_progress");
  }

  @Test
  void aLiveSubscriptionIsStillRefusedFirstAndTakesNoLock() {
    billing.saveSubscription(
        new SubscriptionRecord(
            TENANT,
            "cus_Existing01",
            "sub_Existing01",
            "active",
            "pro",
            "price_x",
            "monthly",
            1,
            null,
            null,
            null,
            false,
            null,
            null,
            null,
            null,
            null,
            new EventVersion(1_700_000_000L, "evt_1")),
        false);

    assertThat(thrown(() -> service.checkout(TENANT, request("starter"))).code())
        .isEqualTo("plan_change_via_portal");
    assertThat(locks.locks).isEmpty();
  }

  void subscriptionEvent(String status, Instant created) {
    billing.saveSubscription(
        new SubscriptionRecord(
            TENANT,
            "cus_New0001",
            "sub_1",
            status,
            "pro",
            "price_x",
            "monthly",
            1,
            null,
            null,
            null,
            false,
            null,
            null,
            null,
            null,
            null,
            new EventVersion(created.getEpochSecond(), "evt_" + created.getEpochSecond())),
        false);
  }

  @Test
  void aSubscriptionEventNewerThanTheLockMakesItStaleSoTheNextCheckoutTakesItOver() {
    service.checkout(TENANT, request("pro"));
    // Paid, then ended: the checkout under the lock has an outcome.
    clock.advance(Duration.ofMinutes(2));
    subscriptionEvent("canceled", clock.instant());

    CheckoutResult again = service.checkout(TENANT, request("starter"));

    assertThat(again.sessionId()).isEqualTo("cs_test_2");
    assertThat(locks.locks.get(TENANT).lockedAt()).isEqualTo(clock.instant());
  }

  @Test
  void aSubscriptionEventOlderThanTheLockLeavesItHeld() {
    subscriptionEvent("canceled", NOW.minusSeconds(60));
    service.checkout(TENANT, request("pro"));

    assertThat(thrown(() -> service.checkout(TENANT, request("starter"))).code())
        .isEqualTo("checkout_in_progress");
  }

  @Test
  void aLiveSubscriptionFromTheOpenSessionIsRefusedAsSuch() {
    service.checkout(TENANT, request("pro"));
    subscriptionEvent("active", NOW.plusSeconds(30));

    assertThat(thrown(() -> service.checkout(TENANT, request("starter"))).code())
        .isEqualTo("plan_change_via_portal");
  }

  @Test
  void oneTimeItemsAreNotSerialised() {
    service.checkout(TENANT, request("pro"));

    service.checkout(TENANT, request("onboarding_workshop"));
    service.checkout(TENANT, request("onboarding_workshop"));

    assertThat(stripe.sessions).hasSize(3);
    assertThat(stripe.sessions.get(1).spec().expiresAt()).isNull();
  }

  @Test
  void eachTenantHasItsOwnLock() {
    service.checkout(TENANT, request("pro"));

    service.checkout("tenant-other", request("pro"));

    assertThat(stripe.sessions).hasSize(2);
  }

  @Test
  void everySessionCarriesATokenForItsTenantAndCustomer() {
    service.checkout(TENANT, request("pro"));
    CheckoutToken verifier = CheckoutToken.fromSecret("checkout-lock-test-key-0123456789abcdef");
    String signed = stripe.sessions.getFirst().spec().checkoutToken();

    assertThat(
            verifier.verify(
                Map.of("tenantId", TENANT, "checkout_token", signed), TENANT, "cus_New0001"))
        .isTrue();
  }

  @Test
  void afterTheCustomerWasDeletedCheckoutCreatesANewOneUnderAFreshKey() {
    billing.saveCustomer(
        new CustomerRecord(
            TENANT,
            "cus_Deleted001",
            null,
            null,
            false,
            true,
            new EventVersion(1_700_000_000L, "evt_del")),
        false);

    service.checkout(TENANT, request("pro"));

    assertThat(stripe.customers)
        .extracting(FakeStripeBilling.CustomerCall::idempotencyKey)
        .containsExactly("customer:tenant-acme:after:cus_Deleted001");
    assertThat(tenants.tenant(TENANT).orElseThrow().stripeCustomerId()).isEqualTo("cus_New0001");
  }
}
