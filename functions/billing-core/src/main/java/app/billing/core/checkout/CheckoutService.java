package app.billing.core.checkout;

import app.billing.core.catalog.BillingCycle;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.catalog.CatalogMeter;
import app.billing.core.catalog.CatalogPrice;
import app.billing.core.error.ConflictException;
import app.billing.core.error.NotFoundException;
import app.billing.core.error.ValidationException;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.port.CheckoutLocks;
import app.billing.core.port.CustomerLinks;
import app.billing.core.port.StripeWrites;
import app.billing.core.port.StripeWrites.CheckoutSession;
import app.billing.core.port.StripeWrites.CheckoutSessionSpec;
import app.billing.core.port.StripeWrites.SessionMode;
import app.billing.core.port.TenantStore;
import app.billing.core.port.VersionedRecords;
import app.billing.core.tenant.TenantProfile;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /billing/checkout}: a Stripe Checkout session for a catalog plan or one-time item.
 *
 * <p>In order: validate the request (400), count it against the tenant's rate limit (429), load the
 * tenant (404), refuse a second subscription (409), take the tenant's checkout lock for a
 * subscription (409 {@code checkout_in_progress}, see {@link CheckoutLock}), create or reuse the
 * tenant's one Stripe customer, then create the session with a {@link CheckoutToken} in its
 * metadata. Nothing reaches Stripe before the request is valid, counted and holds the lock.
 */
public final class CheckoutService {
  /** Rate-limit bucket of this route. */
  public static final String BUCKET = "checkout";

  /** Where an existing subscription is managed. */
  public static final String PORTAL_PATH = "/billing/portal";

  /**
   * Statuses that keep the tenant's access (see AccessPolicy): a new checkout would double-bill.
   */
  static final Set<String> ACCESS_STATUSES = Set.of("active", "trialing", "past_due");

  private static final Logger log = LoggerFactory.getLogger(CheckoutService.class);

  private final Catalog catalog;
  private final TenantStore tenants;
  private final VersionedRecords billing;
  private final CheckoutCustomers customers;
  private final StripeWrites stripe;
  private final CheckoutSettings settings;
  private final RequestRateLimiter limiter;
  private final CheckoutLock lock;
  private final Clock clock;

  public CheckoutService(
      Catalog catalog,
      TenantStore tenants,
      VersionedRecords billing,
      CustomerLinks links,
      CheckoutLocks locks,
      StripeWrites stripe,
      CheckoutSettings settings,
      Clock clock) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.billing = Objects.requireNonNull(billing, "billing");
    this.stripe = Objects.requireNonNull(stripe, "stripe");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.limiter = new RequestRateLimiter(tenants, settings.maxRequestsPerWindow());
    this.lock =
        new CheckoutLock(
            locks,
            tenantId ->
                // the newest version of any of the tenant's subscriptions
                this.billing
                    .subscription(tenantId)
                    .map(SubscriptionRecord::version)
                    .filter(Objects::nonNull)
                    .map(v -> Instant.ofEpochSecond(v.created())));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.customers = new CheckoutCustomers(tenants, billing, links, stripe);
  }

  /**
   * @param tenantId from the authorizer; the only tenant this request may act on
   * @throws app.billing.core.error.ApiException 400, 404, 409, 429 or 502 as documented on the
   *     route
   */
  public CheckoutResult checkout(String tenantId, CheckoutRequest request) {
    return checkout(tenantId, request, Optional.empty());
  }

  /**
   * @param clientKey the client's checked {@code Idempotency-Key} ({@link
   *     IdempotencyKeys#clientKey}): a retry with it returns the same session; without one, retries
   *     within a 10-second window do
   */
  public CheckoutResult checkout(
      String tenantId, CheckoutRequest request, Optional<String> clientKey) {
    CatalogEntry entry =
        catalog
            .entry(request.plan())
            .orElseThrow(
                () ->
                    ValidationException.field(
                        "plan",
                        "Unknown plan '"
                            + request.plan()
                            + "'. Choose one of: "
                            + catalogKeys()
                            + "."));
    BillingCycle cycle = cycle(entry, request.billingCycle());
    CatalogPrice price =
        entry
            .price(cycle)
            .orElseThrow(
                () ->
                    ValidationException.field(
                        "billing_cycle",
                        "'" + entry.key() + "' is not sold " + cycle.wireName() + "."));
    String successUrl =
        RedirectPolicy.withSessionPlaceholder(
            settings
                .redirects()
                .resolve("success_url", request.successUrl(), settings.successUrl()));
    String cancelUrl =
        settings.redirects().resolve("cancel_url", request.cancelUrl(), settings.cancelUrl());

    Instant now = clock.instant();
    limiter.check(tenantId, BUCKET, now);

    TenantProfile tenant =
        tenants
            .tenant(tenantId)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "tenant_not_found", "No tenant profile exists for this API key's tenant."));
    if (entry.isSubscription()) {
      refuseSecondSubscription(tenantId, entry, cycle);
    }
    Optional<String> clientStripeKey =
        clientKey.map(k -> IdempotencyKeys.checkoutForClient(tenantId, k));
    Optional<CheckoutLock.Held> held =
        entry.isSubscription()
            ? Optional.of(lock.take(tenantId, clientStripeKey, now))
            : Optional.empty();
    CheckoutSession session;
    try {
      String customerId = customers.customerFor(tenant, now);

      boolean subscription = entry.isSubscription();
      CheckoutSessionSpec spec =
          new CheckoutSessionSpec(
              tenantId,
              customerId,
              entry.key(),
              subscription ? SessionMode.SUBSCRIPTION : SessionMode.PAYMENT,
              price.priceId(),
              request.quantity(),
              subscription ? entry.trialDays() : 0,
              subscription ? null : entry.captureMethod(),
              successUrl,
              cancelUrl,
              settings.automaticTax(),
              settings.token().sign(tenantId, customerId),
              held.map(CheckoutLock.Held::sessionExpiresAt).orElse(null),
              settings.taxIdCollection(),
              settings.allowPromotionCodes(),
              subscription ? entry.meters().stream().map(CatalogMeter::price).toList() : List.of());
      String key =
          clientStripeKey.orElseGet(
              () ->
                  IdempotencyKeys.checkout(
                      tenantId,
                      entry.key(),
                      cycle.wireName(),
                      request.quantity(),
                      RequestRateLimiter.windowIndex(now),
                      customerId,
                      successUrl,
                      cancelUrl,
                      settings.automaticTax()));
      Map<String, String> clientParams = new HashMap<>();
      request.successUrl().ifPresent(u -> clientParams.put("success_url", "success_url"));
      request.cancelUrl().ifPresent(u -> clientParams.put("cancel_url", "cancel_url"));
      session = StripeFailures.call(() -> stripe.createCheckoutSession(spec, key), clientParams);
      log.info(
          "checkout session {} for tenant {}: {} {} x{} (customer {})",
          session.id(),
          tenantId,
          entry.key(),
          cycle.wireName(),
          request.quantity(),
          customerId);
    } catch (RuntimeException e) {
      held.ifPresent(h -> lock.release(h, clock.instant(), e));
      throw e;
    }
    held.ifPresent(h -> lock.created(h, session.id()));
    return new CheckoutResult(session.url(), session.id());
  }

  private BillingCycle cycle(CatalogEntry entry, Optional<String> requested) {
    if (!entry.isSubscription()) {
      if (requested.isPresent() && !requested.get().equals(BillingCycle.ONE_TIME.wireName())) {
        throw ValidationException.field(
            "billing_cycle",
            "'"
                + entry.key()
                + "' is a one-time item: leave billing_cycle out or set it to \"one_time\".");
      }
      return BillingCycle.ONE_TIME;
    }
    String name = requested.orElse(BillingCycle.MONTHLY.wireName());
    return BillingCycle.fromWireName(name)
        .filter(c -> c != BillingCycle.ONE_TIME)
        .orElseThrow(
            () ->
                ValidationException.field(
                    "billing_cycle",
                    "'billing_cycle' must be \"monthly\" or \"yearly\" for plan '"
                        + entry.key()
                        + "'."));
  }

  /**
   * No new subscription while any is live: a plan or cycle change of a live subscription goes
   * through the portal's {@code subscription_update} flow ({@code POST /billing/portal
   * {"flow":"subscription_update"}}), which prorates, instead of a second Checkout that would bill
   * twice.
   */
  private void refuseSecondSubscription(String tenantId, CatalogEntry entry, BillingCycle cycle) {
    List<SubscriptionRecord> live =
        billing.subscriptions(tenantId).stream()
            .filter(s -> s.status() != null && ACCESS_STATUSES.contains(s.status()))
            .toList();
    if (live.isEmpty()) {
      return;
    }
    // Several live ones (bought in the portal or Dashboard): name the one of the same plan and
    // cycle if there is one, else the newest.
    SubscriptionRecord s =
        live.stream()
            .filter(l -> entry.key().equals(l.planKey()))
            .filter(l -> cycle.wireName().equals(l.billingCycle()))
            .findFirst()
            .orElse(live.get(0));
    if (entry.key().equals(s.planKey()) && cycle.wireName().equals(s.billingCycle())) {
      throw new ConflictException(
          "already_subscribed",
          "This tenant already subscribes to '"
              + entry.key()
              + "' ("
              + cycle.wireName()
              + "). Manage the subscription in the billing portal: POST "
              + PORTAL_PATH
              + ".",
          Map.of("portal_path", PORTAL_PATH));
    }
    throw new ConflictException(
        "plan_change_via_portal",
        "This tenant already has a subscription ("
            + (s.planKey() == null ? "another plan" : "'" + s.planKey() + "'")
            + (s.billingCycle() == null ? "" : ", " + s.billingCycle())
            + "). Change plan or billing cycle in the billing portal: POST "
            + PORTAL_PATH
            + " with {\"flow\":\"subscription_update\"}.",
        Map.of("portal_flow", "subscription_update", "portal_path", PORTAL_PATH));
  }

  private String catalogKeys() {
    return catalog.entries().stream().map(CatalogEntry::key).collect(Collectors.joining(", "));
  }
}
