package app.billing.core.portal;

import app.billing.core.access.AccessPolicy;
import app.billing.core.access.EffectiveSubscription;
import app.billing.core.checkout.CheckoutService;
import app.billing.core.checkout.IdempotencyKeys;
import app.billing.core.checkout.RequestRateLimiter;
import app.billing.core.checkout.StripeFailures;
import app.billing.core.error.ConflictException;
import app.billing.core.error.NotFoundException;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.port.StripeWrites;
import app.billing.core.port.StripeWrites.PortalFlowType;
import app.billing.core.port.StripeWrites.PortalSessionSpec;
import app.billing.core.port.TenantStore;
import app.billing.core.port.VersionedRecords;
import app.billing.core.tenant.TenantProfile;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /billing/portal}: a Stripe billing portal session for the tenant's customer,
 * optionally deep-linked to a flow. Plan changes of a live subscription go through {@code
 * subscription_update}.
 *
 * <p>In order: validate (400), rate limit (429), tenant (404), customer (409 {@code no_customer}),
 * subscription for the subscription flows (409 {@code no_subscription}), then Stripe.
 */
public final class PortalService {
  /** Rate-limit bucket of this route. */
  public static final String BUCKET = "portal";

  /** Subscriptions Stripe can no longer update or cancel. */
  static final Set<String> ENDED_STATUSES = Set.of("canceled", "incomplete_expired");

  private static final Logger log = LoggerFactory.getLogger(PortalService.class);
  private static final EffectiveSubscription FLOW_TARGET =
      new EffectiveSubscription(new AccessPolicy(AccessPolicy.DEFAULT_PAST_DUE_GRACE));

  private final TenantStore tenants;
  private final VersionedRecords billing;
  private final StripeWrites stripe;
  private final PortalSettings settings;
  private final RequestRateLimiter limiter;
  private final Clock clock;

  public PortalService(
      TenantStore tenants,
      VersionedRecords billing,
      StripeWrites stripe,
      PortalSettings settings,
      Clock clock) {
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.billing = Objects.requireNonNull(billing, "billing");
    this.stripe = Objects.requireNonNull(stripe, "stripe");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.limiter = new RequestRateLimiter(tenants, settings.maxRequestsPerWindow());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param tenantId from the authorizer; the only tenant this request may act on
   */
  public PortalResult open(String tenantId, PortalRequest request) {
    return open(tenantId, request, Optional.empty());
  }

  /**
   * @param clientKey the client's checked {@code Idempotency-Key} ({@link
   *     IdempotencyKeys#clientKey}): a retry with it returns the same portal session; without one,
   *     each request opens a new one
   */
  public PortalResult open(String tenantId, PortalRequest request, Optional<String> clientKey) {
    String returnUrl =
        settings.redirects().resolve("return_url", request.returnUrl(), settings.returnUrl());
    Instant now = clock.instant();
    limiter.check(tenantId, BUCKET, now);

    TenantProfile tenant =
        tenants
            .tenant(tenantId)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "tenant_not_found", "No tenant profile exists for this API key's tenant."));
    String customerId = tenant.stripeCustomerId();
    if (customerId == null) {
      throw new ConflictException(
          "no_customer",
          "Subscribe first: this tenant has no billing account (none yet, or its Stripe customer"
              + " was deleted). POST /billing/checkout creates one.",
          Map.of("checkout_path", "/billing/checkout"));
    }
    if (deleted(tenantId, customerId)) {
      throw new ConflictException(
          "no_customer",
          "Subscribe first: this tenant's Stripe customer was deleted."
              + " POST /billing/checkout creates a new one.",
          Map.of("checkout_path", "/billing/checkout"));
    }
    PortalFlow flow = request.flow().orElse(null);
    String subscriptionId = null;
    if (flow != null && flow.needsSubscription()) {
      // Of several, the flow acts on the effective one (the grace period only orders past_due
      // among them here, so the default is enough).
      SubscriptionRecord subscription =
          FLOW_TARGET
              .pick(
                  billing.subscriptions(tenantId).stream()
                      .filter(
                          s -> s.subscriptionId() != null && !ENDED_STATUSES.contains(s.status()))
                      .toList(),
                  clock.instant())
              .orElseThrow(
                  () ->
                      new ConflictException(
                          "no_subscription",
                          "The '"
                              + flow.wireName()
                              + "' flow needs a subscription and this tenant has none. Subscribe first: POST /billing/checkout.",
                          Map.of("checkout_path", "/billing/checkout")));
      if (flow == PortalFlow.SUBSCRIPTION_CANCEL && subscription.cancelAtPeriodEnd()) {
        throw new ConflictException(
            "cancellation_scheduled",
            "The subscription already ends at the end of"
                + " the current period. Open the portal without a flow to renew it.",
            Map.of("portal_path", CheckoutService.PORTAL_PATH));
      }
      subscriptionId = subscription.subscriptionId();
    }
    PortalSessionSpec spec =
        new PortalSessionSpec(
            customerId,
            returnUrl,
            settings.configurationId(),
            flow == null ? PortalFlowType.NONE : flow.type(),
            subscriptionId);
    Map<String, String> clientParams =
        request.returnUrl().isPresent()
            ? Map.of(
                "return_url",
                "return_url",
                "flow_data[after_completion][redirect][return_url]",
                "return_url")
            : Map.of();
    String url =
        StripeFailures.call(
            () ->
                clientKey.isPresent()
                    ? stripe.createPortalSession(
                        spec, IdempotencyKeys.portalForClient(tenantId, clientKey.get()))
                    : stripe.createPortalSession(spec),
            clientParams);
    log.info(
        "portal session for tenant {} (customer {}, flow {})",
        tenantId,
        customerId,
        flow == null ? "none" : flow.wireName());
    return new PortalResult(url);
  }

  /**
   * Whether the profile still names a customer Stripe reported deleted ({@code customer.deleted}
   * recorded, the profile not yet unlinked): a portal session for it would fail at Stripe.
   */
  private boolean deleted(String tenantId, String customerId) {
    return billing
        .customer(tenantId)
        .filter(c -> c.deleted() && customerId.equals(c.customerId()))
        .isPresent();
  }
}
