package app.billing.core.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.catalog.Catalog;
import app.billing.core.error.ApiException;
import app.billing.core.error.ConflictException;
import app.billing.core.error.NotFoundException;
import app.billing.core.error.RateLimitedException;
import app.billing.core.error.UpstreamException;
import app.billing.core.error.ValidationException;
import app.billing.core.model.EventVersion;
import app.billing.core.port.StripeWrites.CheckoutSessionSpec;
import app.billing.core.port.StripeWrites.FailureKind;
import app.billing.core.port.StripeWrites.NewCustomer;
import app.billing.core.port.StripeWrites.SessionMode;
import app.billing.core.port.StripeWrites.StripeCallException;
import app.billing.core.testdata.SubscriptionRecords;
import app.billing.core.testing.InMemoryBillingStore;
import app.billing.testkit.Exceptions;
import app.billing.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckoutServiceTest {
  static final Instant NOW = Instant.parse("2026-11-24T20:15:03Z");
  static final String TENANT = "tenant-acme";
  static final String SUCCESS = "https://app.example.com/billing/success";
  static final String CANCEL = "https://app.example.com/billing/cancel";
  static final String STARTER_MONTHLY = "price_1YVHXZSb7kQ2wLn572xB0pDK";
  static final String STARTER_YEARLY = "price_1YVHyrSb7kQ2wLn5StarterYr";
  static final String WORKSHOP = "price_1Wk5hpSb7kQ2wLn5Workshop";
  static final String PRO_MONTHLY = "price_14K14PSb7kQ2wLn5JNF92G3q";
  static final String PRO_EMAILS_METERED = "price_14K1mtSb7kQ2wLn5ProEmails";
  static final CheckoutToken TOKEN =
      CheckoutToken.fromSecret("checkout-service-test-key-0123456789abcdef");

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
    service = service(false);
  }

  CheckoutService service(boolean automaticTax) throws Exception {
    RedirectPolicy redirects =
        new RedirectPolicy(
            List.of("https://shop.example.com", "http://localhost:3000"), List.of(SUCCESS, CANCEL));
    return new CheckoutService(
        Catalog.fromResource(Catalog.RESOURCE),
        tenants,
        billing,
        billing,
        locks,
        stripe,
        new CheckoutSettings(SUCCESS, CANCEL, redirects, automaticTax, 5, TOKEN),
        clock);
  }

  static CheckoutRequest request(String plan) {
    return new CheckoutRequest(plan, Optional.empty(), Optional.empty(), Optional.empty(), 1);
  }

  static CheckoutRequest request(String plan, String cycle) {
    return new CheckoutRequest(
        plan, Optional.ofNullable(cycle), Optional.empty(), Optional.empty(), 1);
  }

  CheckoutSessionSpec onlySpec() {
    assertThat(stripe.sessions).hasSize(1);
    return stripe.sessions.getFirst().spec();
  }

  void subscribed(String status, String plan, String cycle) {
    billing.saveSubscription(
        SubscriptionRecords.withStatus(status)
            .tenant(TENANT)
            .customer("cus_Existing01")
            .subscription("sub_Existing01")
            .plan(plan)
            .price("price_x")
            .cycle(cycle)
            .version(new EventVersion(1_700_000_000L, "evt_1"))
            .build(),
        false);
  }

  static ApiException thrown(Runnable call) {
    return Exceptions.thrown(ApiException.class, call);
  }

  @Nested
  class Sessions {
    @Test
    void subscriptionPlanDefaultsToMonthlyWithTheCatalogTrial() {
      CheckoutResult result = service.checkout(TENANT, request("starter"));

      CheckoutSessionSpec spec = onlySpec();
      assertThat(spec)
          .isEqualTo(
              new CheckoutSessionSpec(
                  TENANT,
                  "cus_New0001",
                  "starter",
                  SessionMode.SUBSCRIPTION,
                  STARTER_MONTHLY,
                  1,
                  14,
                  null,
                  SUCCESS + "?session_id={CHECKOUT_SESSION_ID}",
                  CANCEL,
                  false,
                  TOKEN.sign(TENANT, "cus_New0001"),
                  NOW.plus(CheckoutLock.SESSION_LIFETIME)));
      assertThat(result)
          .isEqualTo(
              new CheckoutResult("https://checkout.stripe.com/c/pay/cs_test_1", "cs_test_1"));
    }

    @Test
    void aMeteredPlanAddsItsMeteredPriceAsASecondLineItem() {
      service.checkout(TENANT, request("pro"));

      CheckoutSessionSpec spec = onlySpec();
      assertThat(spec.priceId()).isEqualTo(PRO_MONTHLY);
      assertThat(spec.quantity()).isEqualTo(1);
      assertThat(spec.meteredPriceIds()).containsExactly(PRO_EMAILS_METERED);
    }

    @Test
    void aPlanWithoutMetersHasNoMeteredLineItem() {
      service.checkout(TENANT, request("starter"));

      assertThat(onlySpec().meteredPriceIds()).isEmpty();
    }

    @Test
    void yearlyCycleUsesTheYearlyPriceAndQuantity() {
      service.checkout(
          TENANT,
          new CheckoutRequest(
              "starter", Optional.of("yearly"), Optional.empty(), Optional.empty(), 7));

      assertThat(onlySpec().priceId()).isEqualTo(STARTER_YEARLY);
      assertThat(onlySpec().quantity()).isEqualTo(7);
    }

    @Test
    void planWithoutTrialSendsZeroTrialDays() {
      service.checkout(TENANT, request("pro"));

      assertThat(onlySpec().trialDays()).isZero();
    }

    @Test
    void oneTimeItemIsAPaymentWithTheCatalogCaptureMethod() {
      service.checkout(TENANT, request("onboarding_workshop", "one_time"));

      CheckoutSessionSpec spec = onlySpec();
      assertThat(spec.mode()).isEqualTo(SessionMode.PAYMENT);
      assertThat(spec.priceId()).isEqualTo(WORKSHOP);
      assertThat(spec.captureMethod()).isEqualTo("automatic");
      assertThat(spec.trialDays()).isZero();
      assertThat(spec.catalogKey()).isEqualTo("onboarding_workshop");
    }

    @Test
    void automaticTaxFollowsTheSetting() throws Exception {
      service(true).checkout(TENANT, request("pro"));

      assertThat(onlySpec().automaticTax()).isTrue();
    }

    @Test
    void clientUrlsOnAnAllowedOriginAreUsed() {
      service.checkout(
          TENANT,
          new CheckoutRequest(
              "pro",
              Optional.empty(),
              Optional.of("https://shop.example.com/done?x=1#top"),
              Optional.of("http://localhost:3000/back"),
              1));

      assertThat(onlySpec().successUrl())
          .isEqualTo("https://shop.example.com/done?x=1&session_id={CHECKOUT_SESSION_ID}#top");
      assertThat(onlySpec().cancelUrl()).isEqualTo("http://localhost:3000/back");
    }

    @Test
    void clientUrlOnAnotherOriginIsRefusedBeforeAnythingHappens() {
      ApiException e =
          thrown(
              () ->
                  service.checkout(
                      TENANT,
                      new CheckoutRequest(
                          "pro",
                          Optional.empty(),
                          Optional.empty(),
                          Optional.of("https://evil.example.net/phish"),
                          1)));

      assertThat(e).isInstanceOf(ValidationException.class);
      assertThat(e.code()).isEqualTo("redirect_not_allowed");
      assertThat(e.details()).containsEntry("field", "cancel_url");
      assertThat(stripe.calls()).isZero();
      assertThat(tenants.counts()).isEmpty();
    }
  }

  @Nested
  class Validation {
    @Test
    void unknownPlanNamesTheFieldAndTheChoices() {
      ApiException e = thrown(() -> service.checkout(TENANT, request("enterprise")));

      assertThat(e).isInstanceOf(ValidationException.class);
      assertThat(e.details()).containsEntry("field", "plan");
      assertThat(e.getMessage()).contains("starter, pro, onboarding_workshop");
      assertThat(stripe.calls()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"weekly", "one_time", "Monthly"})
    void planCycleMustBeMonthlyOrYearly(String cycle) {
      ApiException e = thrown(() -> service.checkout(TENANT, request("pro", cycle)));

      assertThat(e.details()).containsEntry("field", "billing_cycle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"monthly", "yearly"})
    void oneTimeItemRefusesARecurringCycle(String cycle) {
      ApiException e =
          thrown(() -> service.checkout(TENANT, request("onboarding_workshop", cycle)));

      assertThat(e.details()).containsEntry("field", "billing_cycle");
      assertThat(stripe.calls()).isZero();
    }

    @Test
    void missingTenantProfileIs404() {
      ApiException e = thrown(() -> service.checkout("tenant-ghost", request("pro")));

      assertThat(e).isInstanceOf(NotFoundException.class);
      assertThat(e.code()).isEqualTo("tenant_not_found");
      assertThat(stripe.calls()).isZero();
    }
  }

  @Nested
  class Customers {
    @Test
    void firstCheckoutCreatesOneCustomerUnderTheTenantKeyAndLinksIt() {
      service.checkout(TENANT, request("pro"));
      service.checkout(TENANT, request("onboarding_workshop"));

      assertThat(stripe.customers)
          .containsExactly(
              new FakeStripeBilling.CustomerCall(
                  new NewCustomer(TENANT, "Tenant tenant-acme", "tenant-acme@billing.example"),
                  "customer:tenant-acme"));
      assertThat(tenants.tenant(TENANT).orElseThrow().stripeCustomerId()).isEqualTo("cus_New0001");
      assertThat(billing.linkedTenant("cus_New0001")).contains(TENANT);
      assertThat(stripe.sessions)
          .extracting(c -> c.spec().customerId())
          .containsOnly("cus_New0001");
    }

    @Test
    void storedCustomerIsReusedAndItsLinkEnsured() {
      service.checkout("tenant-other", request("pro"));

      assertThat(stripe.customers).isEmpty();
      assertThat(onlySpec().customerId()).isEqualTo("cus_Other0001");
      assertThat(billing.linkedTenant("cus_Other0001")).contains("tenant-other");
    }

    @Test
    void customerStoredByAConcurrentCheckoutWins() {
      tenants.customerAttachedMeanwhile("cus_Winner001");

      service.checkout(TENANT, request("pro"));

      assertThat(onlySpec().customerId()).isEqualTo("cus_Winner001");
      assertThat(billing.linkedTenant("cus_Winner001")).contains(TENANT);
      assertThat(billing.linkedTenant("cus_New0001")).isEmpty();
    }

    @Test
    void customerLinkedToAnotherTenantStopsTheCheckout() {
      billing.link("cus_Other0001", "tenant-intruder", NOW);

      assertThatThrownBy(() -> service.checkout("tenant-other", request("pro")))
          .isInstanceOf(IllegalStateException.class);
      assertThat(stripe.sessions).isEmpty();
    }
  }

  @Nested
  class ExistingSubscription {
    @ParameterizedTest
    @ValueSource(strings = {"active", "trialing", "past_due"})
    void samePlanAndCycleIsAlreadySubscribed(String status) {
      subscribed(status, "pro", "monthly");

      ApiException e = thrown(() -> service.checkout(TENANT, request("pro")));

      assertThat(e).isInstanceOf(ConflictException.class);
      assertThat(e.code()).isEqualTo("already_subscribed");
      assertThat(e.details()).containsEntry("portal_path", "/billing/portal");
      assertThat(e.getMessage()).contains("portal");
      assertThat(stripe.calls()).isZero();
    }

    @Test
    void otherPlanGoesThroughThePortal() {
      subscribed("active", "starter", "monthly");

      ApiException e = thrown(() -> service.checkout(TENANT, request("pro")));

      assertThat(e.code()).isEqualTo("plan_change_via_portal");
      assertThat(e.details()).containsEntry("portal_flow", "subscription_update");
      assertThat(e.getMessage()).contains("subscription_update");
    }

    @Test
    void aLiveSubscriptionBlocksEvenWhenANewerOneEnded() {
      subscribed("active", "starter", "monthly");
      billing.saveSubscription(
          SubscriptionRecords.canceled()
              .tenant(TENANT)
              .customer("cus_Existing01")
              .subscription("sub_Ended02")
              .plan("pro")
              .version(new EventVersion(1_700_000_900L, "evt_2"))
              .build(),
          false);

      ApiException e = thrown(() -> service.checkout(TENANT, request("pro")));

      assertThat(e.code()).isEqualTo("plan_change_via_portal");
      assertThat(e.getMessage()).contains("'starter'");
      assertThat(stripe.calls()).isZero();
    }

    @Test
    void ofSeveralLiveSubscriptionsTheOneOfTheSamePlanAndCycleIsNamed() {
      subscribed("active", "pro", "monthly");
      billing.saveSubscription(
          SubscriptionRecords.active()
              .tenant(TENANT)
              .customer("cus_Existing01")
              .subscription("sub_Dashboard02")
              .plan("starter")
              .version(new EventVersion(1_700_000_900L, "evt_2"))
              .build(),
          false);

      assertThat(thrown(() -> service.checkout(TENANT, request("pro"))).code())
          .isEqualTo("already_subscribed");
    }

    @Test
    void otherCycleOfTheSamePlanIsAPlanChangeToo() {
      subscribed("active", "pro", "monthly");

      assertThat(thrown(() -> service.checkout(TENANT, request("pro", "yearly"))).code())
          .isEqualTo("plan_change_via_portal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"canceled", "incomplete_expired", "unpaid", "incomplete", "paused"})
    void subscriptionWithoutAccessDoesNotBlock(String status) {
      subscribed(status, "pro", "monthly");

      service.checkout(TENANT, request("pro"));

      assertThat(stripe.sessions).hasSize(1);
    }

    @Test
    void oneTimeItemsAreAlwaysAllowed() {
      subscribed("active", "pro", "monthly");

      service.checkout(TENANT, request("onboarding_workshop"));

      assertThat(onlySpec().mode()).isEqualTo(SessionMode.PAYMENT);
    }
  }

  @Nested
  class RateLimit {
    @Test
    void sixthRequestInTheWindowIs429UntilTheWindowEnds() {
      for (int i = 0; i < 5; i++) {
        service.checkout(TENANT, request("onboarding_workshop"));
      }
      clock.advance(Duration.ofMillis(1_500));

      ApiException e = thrown(() -> service.checkout(TENANT, request("onboarding_workshop")));

      assertThat(e)
          .isInstanceOfSatisfying(
              RateLimitedException.class, r -> assertThat(r.retryAfterSeconds()).isEqualTo(6));
      assertThat(stripe.sessions).hasSize(5);
      long window = NOW.getEpochSecond() / 10;
      assertThat(tenants.counts())
          .last()
          .isEqualTo(
              new FakeTenantStore.Count(
                  TENANT + "#checkout#" + window,
                  6,
                  Instant.ofEpochSecond((window + 1) * 10 + 60)));

      clock.advance(Duration.ofSeconds(6));
      service.checkout(TENANT, request("onboarding_workshop"));
      assertThat(stripe.sessions).hasSize(6);
    }

    @Test
    void tenantsHaveSeparateWindows() {
      for (int i = 0; i < 5; i++) {
        service.checkout(TENANT, request("onboarding_workshop"));
      }

      service.checkout("tenant-other", request("onboarding_workshop"));

      assertThat(stripe.sessions).hasSize(6);
    }
  }

  @Nested
  class IdempotencyKeysOfSessions {
    @Test
    void sameRequestInTheSameWindowReusesTheKeyAndANewWindowDoesNot() {
      service.checkout(TENANT, request("onboarding_workshop"));
      clock.advance(Duration.ofSeconds(6));
      service.checkout(TENANT, request("onboarding_workshop"));
      clock.advance(Duration.ofSeconds(1));
      service.checkout(TENANT, request("onboarding_workshop"));

      List<String> keys =
          stripe.sessions.stream().map(FakeStripeBilling.SessionCall::idempotencyKey).toList();
      long window = NOW.getEpochSecond() / 10;
      assertThat(keys.get(0))
          .startsWith("checkout:tenant-acme:onboarding_workshop:one_time:1:" + window + ":");
      assertThat(keys.get(1)).isEqualTo(keys.get(0));
      assertThat(keys.get(2))
          .startsWith("checkout:tenant-acme:onboarding_workshop:one_time:1:" + (window + 1) + ":");
    }

    @Test
    void aClientKeyGivesTheSameStripeKeyInAnyWindowAndPerTenant() {
      service.checkout(TENANT, request("pro"), Optional.of("order-42"));
      clock.advance(Duration.ofMinutes(5));
      service.checkout(TENANT, request("pro"), Optional.of("order-42"));
      clock.advance(CheckoutLock.HOLD);
      service.checkout(TENANT, request("pro"), Optional.of("order-43"));

      List<String> keys =
          stripe.sessions.stream().map(FakeStripeBilling.SessionCall::idempotencyKey).toList();
      assertThat(keys.get(0)).isEqualTo(IdempotencyKeys.checkoutForClient(TENANT, "order-42"));
      assertThat(keys.get(1)).isEqualTo(keys.get(0));
      assertThat(keys.get(2)).isNotEqualTo(keys.get(0));
    }

    @Test
    void aClientKeyReusedForAnotherRequestIs409() {
      stripe.failWith(
          new StripeCallException(
              "create a checkout session",
              FailureKind.IDEMPOTENCY,
              400,
              "req_Idem",
              "idempotency_error",
              null,
              null));

      ApiException e =
          thrown(() -> service.checkout(TENANT, request("pro"), Optional.of("order-42")));

      assertThat(e).isInstanceOf(ConflictException.class);
      assertThat(e.code()).isEqualTo("idempotency_key_reused");
      assertThat(e.details()).containsEntry("stripe_request_id", "req_Idem");
    }

    @Test
    void differentRedirectOrQuantityGetsItsOwnKey() {
      service.checkout(TENANT, request("onboarding_workshop"));
      service.checkout(
          TENANT,
          new CheckoutRequest(
              "onboarding_workshop",
              Optional.empty(),
              Optional.of("https://shop.example.com/ok"),
              Optional.empty(),
              1));
      service.checkout(
          TENANT,
          new CheckoutRequest(
              "onboarding_workshop", Optional.empty(), Optional.empty(), Optional.empty(), 2));

      assertThat(stripe.sessions)
          .extracting(FakeStripeBilling.SessionCall::idempotencyKey)
          .doesNotHaveDuplicates();
    }
  }

  @Nested
  class StripeFailuresOfCheckout {
    @Test
    void stripeErrorIs502WithTheRequestId() {
      stripe.failWith(
          new StripeCallException(
              "create a checkout session",
              FailureKind.STRIPE_ERROR,
              500,
              "req_Boom500",
              null,
              null,
              null));

      ApiException e = thrown(() -> service.checkout("tenant-other", request("pro")));

      assertThat(e).isInstanceOf(UpstreamException.class);
      assertThat(e.code()).isEqualTo("stripe_error");
      assertThat(e.getMessage()).contains("req_Boom500");
      assertThat(e.details()).containsEntry("stripe_request_id", "req_Boom500");
    }

    @Test
    void customerCreationFailureIs502AndStoresNothing() {
      stripe.failWith(
          new StripeCallException(
              "create a customer", FailureKind.UNREACHABLE, null, null, null, null, null));

      ApiException e = thrown(() -> service.checkout(TENANT, request("pro")));

      assertThat(e).isInstanceOf(UpstreamException.class);
      assertThat(e.getMessage()).contains("did not answer in time");
      assertThat(tenants.tenant(TENANT).orElseThrow().stripeCustomerId()).isNull();
      assertThat(stripe.sessions).isEmpty();
    }

    @Test
    void stripeRefusingTheClientsUrlIs400OnThatField() {
      stripe.failWith(
          new StripeCallException(
              "create a checkout session",
              FailureKind.INVALID_REQUEST,
              400,
              "req_Url01",
              "url_invalid",
              "success_url",
              null));

      ApiException e =
          thrown(
              () ->
                  service.checkout(
                      "tenant-other",
                      new CheckoutRequest(
                          "pro",
                          Optional.empty(),
                          Optional.of("https://shop.example.com/ok"),
                          Optional.empty(),
                          1)));

      assertThat(e).isInstanceOf(ValidationException.class);
      assertThat(e.details()).isEqualTo(Map.of("field", "success_url"));
    }

    @Test
    void stripeRefusingOurOwnDefaultUrlIs502() {
      stripe.failWith(
          new StripeCallException(
              "create a checkout session",
              FailureKind.INVALID_REQUEST,
              400,
              "req_Url02",
              "url_invalid",
              "success_url",
              null));

      assertThat(thrown(() -> service.checkout("tenant-other", request("pro"))))
          .isInstanceOf(UpstreamException.class);
    }
  }

  @Test
  void sessionPlaceholderIsAddedOnlyWhenMissing() {
    assertThat(RedirectPolicy.withSessionPlaceholder("https://a.example/s"))
        .isEqualTo("https://a.example/s?session_id={CHECKOUT_SESSION_ID}");
    assertThat(RedirectPolicy.withSessionPlaceholder("https://a.example/s?"))
        .isEqualTo("https://a.example/s?session_id={CHECKOUT_SESSION_ID}");
    assertThat(RedirectPolicy.withSessionPlaceholder("https://a.example/s?a=1#f"))
        .isEqualTo("https://a.example/s?a=1&session_id={CHECKOUT_SESSION_ID}#f");
    assertThat(
            RedirectPolicy.withSessionPlaceholder("https://a.example/s?cs={CHECKOUT_SESSION_ID}"))
        .isEqualTo("https://a.example/s?cs={CHECKOUT_SESSION_ID}");
  }
}
