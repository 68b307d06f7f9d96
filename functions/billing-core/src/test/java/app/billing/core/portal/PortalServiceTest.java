package app.billing.core.portal;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.checkout.FakeStripeBilling;
import app.billing.core.checkout.FakeTenantStore;
import app.billing.core.checkout.IdempotencyKeys;
import app.billing.core.checkout.RedirectPolicy;
import app.billing.core.error.ApiException;
import app.billing.core.error.ConflictException;
import app.billing.core.error.RateLimitedException;
import app.billing.core.error.UpstreamException;
import app.billing.core.error.ValidationException;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.port.StripeWrites.FailureKind;
import app.billing.core.port.StripeWrites.PortalFlowType;
import app.billing.core.port.StripeWrites.PortalSessionSpec;
import app.billing.core.port.StripeWrites.StripeCallException;
import app.billing.core.testdata.SubscriptionRecords;
import app.billing.core.testing.InMemoryBillingStore;
import app.billing.testkit.Exceptions;
import app.billing.testkit.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortalServiceTest {
  static final Instant NOW = Instant.parse("2026-11-24T20:15:03Z");
  static final String TENANT = "tenant-acme";
  static final String CUSTOMER = "cus_Acme0001";
  static final String RETURN = "https://app.example.com/account";

  FakeTenantStore tenants;
  InMemoryBillingStore billing;
  FakeStripeBilling stripe;
  PortalService service;

  @BeforeEach
  void setUp() {
    tenants = new FakeTenantStore().with(TENANT, CUSTOMER).with("tenant-new", null);
    billing = new InMemoryBillingStore();
    stripe = new FakeStripeBilling();
    service = service(Optional.empty());
  }

  PortalService service(Optional<String> configuration) {
    return new PortalService(
        tenants,
        billing,
        stripe,
        new PortalSettings(
            RETURN,
            new RedirectPolicy(List.of("https://shop.example.com"), List.of(RETURN)),
            configuration,
            5),
        new MutableClock(NOW));
  }

  void subscribed(String status, boolean cancelAtPeriodEnd) {
    billing.saveSubscription(
        SubscriptionRecords.withStatus(status)
            .tenant(TENANT)
            .customer(CUSTOMER)
            .subscription("sub_Acme0001")
            .plan("pro")
            .price("price_x")
            .cancelAtPeriodEnd(cancelAtPeriodEnd)
            .version(new EventVersion(1_700_000_000L, "evt_1"))
            .build(),
        false);
  }

  static PortalRequest request(String flow) {
    return new PortalRequest(
        Optional.empty(), Optional.ofNullable(flow).map(PortalFlow::fromWireName));
  }

  static ApiException thrown(Runnable call) {
    return Exceptions.thrown(ApiException.class, call);
  }

  @Test
  void noFlowOpensThePortalForTheTenantsCustomer() {
    PortalResult result = service.open(TENANT, request(null));

    assertThat(result.portalUrl()).isEqualTo("https://billing.stripe.com/p/session/test_1");
    assertThat(stripe.portals)
        .containsExactly(
            new PortalSessionSpec(CUSTOMER, RETURN, Optional.empty(), PortalFlowType.NONE, null));
  }

  @Test
  void aClientKeyIsFoldedWithTheTenantIntoStripesKey() {
    service.open(TENANT, request(null));
    service.open(TENANT, request(null), Optional.of("open-portal-1"));
    service.open(TENANT, request(null), Optional.of("open-portal-1"));

    String key = IdempotencyKeys.portalForClient(TENANT, "open-portal-1");
    assertThat(stripe.portalKeys).containsExactly("null", key, key);
  }

  @Test
  void paymentMethodUpdateNeedsNoSubscriptionAndConfigurationIsPassed() {
    service(Optional.of("bpc_123")).open(TENANT, request("payment_method_update"));

    assertThat(stripe.portals)
        .containsExactly(
            new PortalSessionSpec(
                CUSTOMER,
                RETURN,
                Optional.of("bpc_123"),
                PortalFlowType.PAYMENT_METHOD_UPDATE,
                null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"subscription_cancel", "subscription_update"})
  void subscriptionFlowsNameTheTenantsSubscription(String flow) {
    subscribed("active", false);

    service.open(TENANT, request(flow));

    assertThat(stripe.portals.getFirst().subscriptionId()).isEqualTo("sub_Acme0001");
    assertThat(stripe.portals.getFirst().flow()).isEqualTo(PortalFlow.fromWireName(flow).type());
  }

  @ParameterizedTest
  @ValueSource(strings = {"subscription_cancel", "subscription_update"})
  void subscriptionFlowsWithoutASubscriptionAre409(String flow) {
    ApiException e = thrown(() -> service.open(TENANT, request(flow)));

    assertThat(e).isInstanceOf(ConflictException.class);
    assertThat(e.code()).isEqualTo("no_subscription");
    assertThat(stripe.calls()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"canceled", "incomplete_expired"})
  void endedSubscriptionCountsAsNone(String status) {
    subscribed(status, false);

    assertThat(thrown(() -> service.open(TENANT, request("subscription_update"))).code())
        .isEqualTo("no_subscription");
  }

  @Test
  void cancellingASubscriptionThatAlreadyEndsIs409() {
    subscribed("active", true);

    ApiException e = thrown(() -> service.open(TENANT, request("subscription_cancel")));

    assertThat(e.code()).isEqualTo("cancellation_scheduled");
    assertThat(stripe.calls()).isZero();
  }

  @Test
  void tenantWithoutCustomerIsToldToSubscribeFirst() {
    ApiException e = thrown(() -> service.open("tenant-new", request(null)));

    assertThat(e).isInstanceOf(ConflictException.class);
    assertThat(e.code()).isEqualTo("no_customer");
    assertThat(e.getMessage()).startsWith("Subscribe first");
    assertThat(e.details()).containsEntry("checkout_path", "/billing/checkout");
    assertThat(stripe.calls()).isZero();
  }

  @Test
  void customerDeletedInStripeIsNoCustomerEvenBeforeTheProfileIsUnlinked() {
    billing.saveCustomer(
        new CustomerRecord(
            TENANT, CUSTOMER, null, null, false, true, new EventVersion(1_700_000_000L, "evt_del")),
        false);

    ApiException e = thrown(() -> service.open(TENANT, request(null)));

    assertThat(e).isInstanceOf(ConflictException.class);
    assertThat(e.code()).isEqualTo("no_customer");
    assertThat(e.getMessage()).contains("deleted");
    assertThat(stripe.calls()).isZero();
  }

  @Test
  void aLiveCustomerRecordDoesNotBlockThePortal() {
    billing.saveCustomer(
        new CustomerRecord(
            TENANT, CUSTOMER, null, null, false, false, new EventVersion(1_700_000_000L, "evt_c")),
        false);

    service.open(TENANT, request(null));

    assertThat(stripe.portals).hasSize(1);
  }

  @Test
  void missingTenantIs404() {
    assertThat(thrown(() -> service.open("tenant-ghost", request(null))).code())
        .isEqualTo("tenant_not_found");
  }

  @Test
  void clientReturnUrlMustBeAllowed() {
    service.open(
        TENANT, new PortalRequest(Optional.of("https://shop.example.com/back"), Optional.empty()));
    assertThat(stripe.portals.getFirst().returnUrl()).isEqualTo("https://shop.example.com/back");

    ApiException e =
        thrown(
            () ->
                service.open(
                    TENANT,
                    new PortalRequest(Optional.of("https://evil.example.net/"), Optional.empty())));
    assertThat(e.code()).isEqualTo("redirect_not_allowed");
    assertThat(e.details()).containsEntry("field", "return_url");
  }

  @Test
  void sixthRequestInTenSecondsIs429() {
    for (int i = 0; i < 5; i++) {
      service.open(TENANT, request(null));
    }

    ApiException e = thrown(() -> service.open(TENANT, request(null)));

    assertThat(e)
        .isInstanceOfSatisfying(
            RateLimitedException.class, r -> assertThat(r.retryAfterSeconds()).isEqualTo(7));
    assertThat(tenants.counts().getLast().windowKey())
        .isEqualTo(TENANT + "#portal#" + NOW.getEpochSecond() / 10);
  }

  @Test
  void stripeFailureIs502AndAClientUrlStripeRefusesIs400() {
    stripe.failWith(
        new StripeCallException(
            "create a portal session", FailureKind.STRIPE_ERROR, 503, "req_9", null, null, null));
    assertThat(thrown(() -> service.open(TENANT, request(null))))
        .isInstanceOf(UpstreamException.class);

    stripe.failWith(
        new StripeCallException(
            "create a portal session",
            FailureKind.INVALID_REQUEST,
            400,
            "req_10",
            "url_invalid",
            "return_url",
            null));
    ApiException e =
        thrown(
            () ->
                service.open(
                    TENANT,
                    new PortalRequest(
                        Optional.of("https://shop.example.com/back"), Optional.empty())));
    assertThat(e).isInstanceOf(ValidationException.class);
    assertThat(e.details()).isEqualTo(Map.of("field", "return_url"));
  }
}
