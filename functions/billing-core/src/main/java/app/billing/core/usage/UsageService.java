package app.billing.core.usage;

import app.billing.core.access.AccessPolicy;
import app.billing.core.access.EffectiveSubscription;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.catalog.CatalogMeter;
import app.billing.core.checkout.RequestRateLimiter;
import app.billing.core.checkout.StripeFailures;
import app.billing.core.error.ConflictException;
import app.billing.core.error.ValidationException;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.port.BillingStore;
import app.billing.core.port.TenantStore;
import app.billing.core.port.UsageMeters;
import app.billing.core.port.UsageMeters.MeterEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage-based billing: {@code POST /billing/usage} records a meter event for the tenant's customer
 * at Stripe, {@code GET /billing/usage?meter=} reads the meter's total in the current period.
 *
 * <p>In order: validate (400, {@code unknown_meter} for a meter no plan of the catalog bills), rate
 * limit (429; reports and reads in separate buckets), the tenant's effective plan — its
 * subscription record while the subscription grants access (active, trialing, past due within the
 * grace period) — must bill that meter (409 {@code no_metered_plan}), then Stripe (502 {@code
 * stripe_error} with Stripe's request id).
 *
 * <p>The usage goes to the customer on the subscription record: that is the customer Stripe
 * invoices the metered price to.
 */
public final class UsageService {
  /** Rate-limit bucket of {@code POST /billing/usage}. */
  public static final String BUCKET = "usage";

  /** Rate-limit bucket of {@code GET /billing/usage}; reads do not eat into the reports' budget. */
  public static final String READ_BUCKET = "usage_read";

  private static final Logger log = LoggerFactory.getLogger(UsageService.class);

  private final BillingStore billing;
  private final UsageMeters meters;
  private final Catalog catalog;
  private final AccessPolicy accessPolicy;
  private final RequestRateLimiter limiter;
  private final Clock clock;

  public UsageService(
      TenantStore tenants,
      BillingStore billing,
      UsageMeters meters,
      Catalog catalog,
      AccessPolicy accessPolicy,
      UsageSettings settings,
      Clock clock) {
    this.billing = Objects.requireNonNull(billing, "billing");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.accessPolicy = Objects.requireNonNull(accessPolicy, "accessPolicy");
    this.limiter = new RequestRateLimiter(tenants, settings.maxRequestsPerWindow());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records {@code request.value()} on the meter for the tenant's customer. Idempotent: a retry
   * with the same {@code idempotency_key} is counted once.
   *
   * @param tenantId from the authorizer; the only tenant this request may act on
   */
  public UsageRecorded record(String tenantId, UsageRequest request) {
    CatalogMeter known = knownMeter(request.meter());
    Instant now = clock.instant();
    limiter.check(tenantId, BUCKET, now);
    Metered metered = metered(tenantId, known, now);
    String identifier = UsageKeys.identifier(tenantId, request.idempotencyKey());
    StripeFailures.call(
        () -> {
          meters.record(
              new MeterEvent(
                  metered.meter().eventName(),
                  metered.subscription().customerId(),
                  request.value(),
                  identifier),
              UsageKeys.request(tenantId, request.idempotencyKey()));
          return null;
        },
        Map.of());
    log.info(
        "usage recorded: meter {} value {} plan {}",
        request.meter(),
        request.value(),
        metered.plan().key());
    return new UsageRecorded(request.meter(), request.value(), identifier);
  }

  /**
   * The meter's total in the subscription's current period, read from Stripe's meter event
   * summaries. The window runs from the record's {@code current_period_start} rounded down to the
   * minute to the end of the current minute (or the period's end rounded up, if that is earlier):
   * Stripe takes summary bounds on whole minutes only, so a report made in the minute before the
   * period started may be counted in it.
   *
   * @param meter the raw {@code meter} query parameter
   */
  public UsageTotal total(String tenantId, Optional<String> meter) {
    String name =
        meter
            .map(String::trim)
            .filter(m -> !m.isEmpty())
            .orElseThrow(() -> ValidationException.field("meter", "'meter' is required."));
    CatalogMeter known = knownMeter(name);
    Instant now = clock.instant();
    limiter.check(tenantId, READ_BUCKET, now);
    Metered metered = metered(tenantId, known, now);
    SubscriptionRecord subscription = metered.subscription();
    Instant periodStart = subscription.currentPeriodStart();
    Instant periodEnd = subscription.currentPeriodEnd();
    if (periodStart == null || periodEnd == null) {
      throw new ConflictException(
          "no_billing_period",
          "The subscription's current billing period is not known yet; try again shortly.");
    }
    Instant start = periodStart.truncatedTo(ChronoUnit.MINUTES);
    // The minute after now's, so a report made this second is inside the (exclusive) end.
    Instant end =
        now.isBefore(periodEnd)
            ? now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES)
            : ceilToMinute(periodEnd);
    if (!end.isAfter(start)) {
      end = start.plus(1, ChronoUnit.MINUTES);
    }
    Instant from = start;
    Instant to = end;
    BigDecimal total =
        StripeFailures.call(
            () -> meters.total(metered.meter().eventName(), subscription.customerId(), from, to),
            Map.of());
    return new UsageTotal(
        name, metered.plan().key(), plain(total), iso(periodStart), iso(periodEnd));
  }

  private CatalogMeter knownMeter(String meter) {
    return catalog
        .meter(meter)
        .orElseThrow(
            () ->
                new ValidationException(
                    "unknown_meter",
                    "No plan bills a meter named '" + meter + "'.",
                    Map.of("field", "meter")));
  }

  private record Metered(SubscriptionRecord subscription, CatalogEntry plan, CatalogMeter meter) {}

  /**
   * Of the tenant's subscriptions that grant access, in the order of {@link EffectiveSubscription},
   * the first whose plan bills the meter; else 409 {@code no_metered_plan}.
   */
  private Metered metered(String tenantId, CatalogMeter known, Instant now) {
    EffectiveSubscription rule = new EffectiveSubscription(accessPolicy);
    List<SubscriptionRecord> live =
        rule.ranked(billing.subscriptions(tenantId), now).stream()
            .filter(s -> s.customerId() != null && s.planKey() != null)
            .filter(s -> rule.access(s, now).allowed())
            .toList();
    if (live.isEmpty()) {
      throw new ConflictException(
          "no_metered_plan",
          "This tenant has no active subscription, so it has no plan that bills '"
              + known.meter()
              + "'. Subscribe first: POST /billing/checkout.",
          Map.of("meter", known.meter()));
    }
    for (SubscriptionRecord subscription : live) {
      Optional<CatalogEntry> plan = catalog.entry(subscription.planKey());
      Optional<CatalogMeter> meter = plan.flatMap(p -> p.meter(known.meter()));
      if (meter.isPresent()) {
        return new Metered(subscription, plan.get(), meter.get());
      }
    }
    String effective = live.get(0).planKey();
    throw new ConflictException(
        "no_metered_plan",
        "The plan '"
            + effective
            + "' does not bill '"
            + known.meter()
            + "'. Change to a plan that does.",
        Map.of("meter", known.meter(), "plan", effective));
  }

  static Instant ceilToMinute(Instant instant) {
    Instant floor = instant.truncatedTo(ChronoUnit.MINUTES);
    return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.MINUTES);
  }

  /** {@code 5}, not {@code 5.0} or {@code 5E+1}. */
  private static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  private static String iso(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
