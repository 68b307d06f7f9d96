package app.billing.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.access.AccessPolicy;
import app.billing.core.catalog.Catalog;
import app.billing.core.checkout.FakeTenantStore;
import app.billing.core.error.ApiException;
import app.billing.core.error.ConflictException;
import app.billing.core.error.RateLimitedException;
import app.billing.core.error.UpstreamException;
import app.billing.core.error.ValidationException;
import app.billing.core.model.EventVersion;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.port.StripeWrites.FailureKind;
import app.billing.core.port.StripeWrites.StripeCallException;
import app.billing.core.port.UsageMeters;
import app.billing.core.testing.InMemoryBillingStore;
import app.billing.testkit.Exceptions;
import app.billing.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsageServiceTest {
  static final Instant NOW = Instant.parse("2026-11-24T20:15:03Z");
  static final Instant PERIOD_START = Instant.parse("2026-11-10T08:30:45Z");
  static final Instant PERIOD_END = Instant.parse("2026-12-10T08:30:45Z");
  static final String TENANT = "tenant-acme";
  static final String CUSTOMER = "cus_Acme0001";

  MutableClock clock;
  FakeTenantStore tenants;
  InMemoryBillingStore billing;
  FakeUsageMeters meters;
  UsageService service;

  @BeforeEach
  void setUp() throws Exception {
    clock = new MutableClock(NOW);
    tenants = new FakeTenantStore().with(TENANT, CUSTOMER);
    billing = new InMemoryBillingStore();
    meters = new FakeUsageMeters(clock);
    service =
        new UsageService(
            tenants,
            billing,
            meters,
            Catalog.fromResource(Catalog.RESOURCE),
            new AccessPolicy(AccessPolicy.DEFAULT_PAST_DUE_GRACE),
            new UsageSettings(5),
            clock);
  }

  void subscribed(String plan, String status) {
    billing.saveSubscription(
        new SubscriptionRecord(
            TENANT,
            CUSTOMER,
            "sub_Acme0001",
            status,
            plan,
            "price_x",
            "monthly",
            1,
            PERIOD_START,
            PERIOD_END,
            null,
            false,
            null,
            null,
            null,
            null,
            null,
            new EventVersion(1_700_000_000L, "evt_1")),
        false);
  }

  static UsageRequest emails(long value, String key) {
    return new UsageRequest("emails_sent", value, key);
  }

  static ApiException thrown(Runnable call) {
    return Exceptions.thrown(ApiException.class, call);
  }

  @Test
  void recordsTheUsageForTheSubscriptionsCustomerUnderTheMetersEventName() {
    subscribed("pro", "active");

    UsageRecorded recorded = service.record(TENANT, emails(3, "report-1"));

    assertThat(recorded.identifier()).isEqualTo(UsageKeys.identifier(TENANT, "report-1"));
    assertThat(meters.byIdentifier.values())
        .extracting(FakeUsageMeters.Stored::event)
        .containsExactly(
            new UsageMeters.MeterEvent("emails_sent", CUSTOMER, 3, recorded.identifier()));
    assertThat(meters.idempotencyKeys).containsExactly(UsageKeys.request(TENANT, "report-1"));
  }

  @Test
  void aRetryWithTheSameKeyIsCountedOnce() {
    subscribed("pro", "active");

    service.record(TENANT, emails(3, "report-1"));
    service.record(TENANT, emails(3, "report-1"));
    service.record(TENANT, emails(2, "report-2"));

    assertThat(meters.byIdentifier).hasSize(2);
    assertThat(service.total(TENANT, Optional.of("emails_sent")).total()).isEqualByComparingTo("5");
  }

  @Test
  void equalKeysOfTwoTenantsAreDifferentEvents() {
    assertThat(UsageKeys.identifier("tenant-a", "k1"))
        .isNotEqualTo(UsageKeys.identifier("tenant-b", "k1"))
        .hasSizeLessThanOrEqualTo(100);
    assertThat(UsageKeys.request("tenant-a", "k1"))
        .isNotEqualTo(UsageKeys.request("tenant-b", "k1"));
  }

  @Test
  void aTenantWithoutASubscriptionHasNoMeteredPlan() {
    ApiException e = thrown(() -> service.record(TENANT, emails(1, "k")));

    assertThat(e).isInstanceOf(ConflictException.class);
    assertThat(e.code()).isEqualTo("no_metered_plan");
    assertThat(meters.idempotencyKeys).isEmpty();
  }

  @Test
  void aPlanWithoutTheMeterIsAConflictNamingThePlan() {
    subscribed("starter", "active");

    ApiException e = thrown(() -> service.record(TENANT, emails(1, "k")));

    assertThat(e).isInstanceOf(ConflictException.class);
    assertThat(e.code()).isEqualTo("no_metered_plan");
    assertThat(e.details()).containsEntry("plan", "starter").containsEntry("meter", "emails_sent");
  }

  @Test
  void aSubscriptionWithoutAccessHasNoMeteredPlan() {
    subscribed("pro", "canceled");

    assertThat(thrown(() -> service.record(TENANT, emails(1, "k"))).code())
        .isEqualTo("no_metered_plan");
  }

  @Test
  void aMeterNoPlanBillsIsA400BeforeAnythingElse() {
    ApiException e = thrown(() -> service.record(TENANT, new UsageRequest("sms_sent", 1, "k")));

    assertThat(e).isInstanceOf(ValidationException.class);
    assertThat(e.code()).isEqualTo("unknown_meter");
    assertThat(tenants.counts()).isEmpty();
  }

  @Test
  void stripeFailuresAre502WithStripesRequestId() {
    subscribed("pro", "active");
    meters.failing(
        new StripeCallException(
            "record a meter event",
            FailureKind.STRIPE_ERROR,
            500,
            "req_meter123",
            null,
            null,
            null));

    ApiException e = thrown(() -> service.record(TENANT, emails(1, "k")));

    assertThat(e).isInstanceOf(UpstreamException.class);
    assertThat(e.code()).isEqualTo("stripe_error");
    assertThat(e.details()).containsEntry("stripe_request_id", "req_meter123");
    assertThat(e.getMessage()).contains("req_meter123");

    ApiException read = thrown(() -> service.total(TENANT, Optional.of("emails_sent")));
    assertThat(read).isInstanceOf(UpstreamException.class);
  }

  @Test
  void aKeyReusedWithAnotherValueIsAConflict() {
    subscribed("pro", "active");
    meters.failing(
        new StripeCallException(
            "record a meter event", FailureKind.IDEMPOTENCY, 400, "req_1", null, null, null));

    ApiException e = thrown(() -> service.record(TENANT, emails(1, "k")));

    assertThat(e).isInstanceOf(ConflictException.class);
    assertThat(e.code()).isEqualTo("idempotency_key_reused");
  }

  @Test
  void reportsAreRateLimitedPerTenantAndReadsCountApart() {
    subscribed("pro", "active");
    for (int i = 0; i < 5; i++) {
      service.record(TENANT, emails(1, "k" + i));
    }

    assertThat(
            Exceptions.thrown(
                    RateLimitedException.class, () -> service.record(TENANT, emails(1, "k9")))
                .retryAfterSeconds())
        .isPositive();
    assertThat(meters.byIdentifier).hasSize(5);
    assertThat(service.total(TENANT, Optional.of("emails_sent")).total()).isEqualByComparingTo("5");
  }

  @Test
  void theTotalCoversTheCurrentPeriodOnWholeMinutesUpToNow() {
    subscribed("pro", "active");

    UsageTotal total = service.total(TENANT, Optional.of("emails_sent"));

    assertThat(meters.totals)
        .containsExactly(
            new FakeUsageMeters.TotalCall(
                "emails_sent",
                CUSTOMER,
                Instant.parse("2026-11-10T08:30:00Z"),
                Instant.parse("2026-11-24T20:16:00Z")));
    assertThat(total)
        .isEqualTo(
            new UsageTotal(
                "emails_sent",
                "pro",
                BigDecimal.ZERO,
                "2026-11-10T08:30:45Z",
                "2026-12-10T08:30:45Z"));
  }

  @Test
  void pastThePeriodsEndTheTotalStopsAtIt() {
    subscribed("pro", "active");
    clock.advance(Duration.ofDays(20));

    service.total(TENANT, Optional.of("emails_sent"));

    assertThat(meters.totals.get(0).end()).isEqualTo(Instant.parse("2026-12-10T08:31:00Z"));
  }

  @Test
  void theTotalNeedsAMeter() {
    ApiException e = thrown(() -> service.total(TENANT, Optional.empty()));

    assertThat(e).isInstanceOf(ValidationException.class);
    assertThat(e.details()).containsEntry("field", "meter");
  }
}
