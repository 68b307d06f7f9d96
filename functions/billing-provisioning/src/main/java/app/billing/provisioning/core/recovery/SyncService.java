package app.billing.provisioning.core.recovery;

import app.billing.core.account.AccountService;
import app.billing.core.account.SubscriptionView;
import app.billing.core.checkout.RequestRateLimiter;
import app.billing.core.error.ConflictException;
import app.billing.core.error.NotFoundException;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.port.TenantStore;
import app.billing.core.port.VersionedRecords;
import app.billing.core.tenant.TenantProfile;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /billing/sync}: the customer is back from Checkout, possibly before Stripe's events
 * reached us. Refetches the tenant's customer's subscriptions from Stripe, writes them through the
 * versioned path ({@link RefetchedState}, emails left to the events) and answers with the view of
 * {@code GET /billing/subscription}.
 *
 * <p>In order: count the request against the tenant's limit (429), load the tenant (404), find its
 * customer (409 {@code no_customer}), call Stripe (502 when it fails).
 */
public final class SyncService {
  /** Rate-limit bucket of this route. */
  public static final String BUCKET = "sync";

  private static final Logger log = LoggerFactory.getLogger(SyncService.class);

  private final TenantStore tenants;
  private final VersionedRecords store;
  private final RefetchedState refetched;
  private final AccountService account;
  private final RequestRateLimiter limiter;
  private final Clock clock;

  public SyncService(
      TenantStore tenants,
      VersionedRecords store,
      RefetchedState refetched,
      AccountService account,
      int maxRequestsPerWindow,
      Clock clock) {
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.store = Objects.requireNonNull(store, "store");
    this.refetched = Objects.requireNonNull(refetched, "refetched");
    this.account = Objects.requireNonNull(account, "account");
    this.limiter = new RequestRateLimiter(tenants, maxRequestsPerWindow);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param tenantId from the authorizer; the only tenant this request may act on
   */
  public SubscriptionView sync(String tenantId) {
    limiter.check(tenantId, BUCKET, clock.instant());
    TenantProfile tenant =
        tenants
            .tenant(tenantId)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "tenant_not_found", "No tenant profile exists for this API key's tenant."));
    String customerId =
        customerOf(tenant)
            .orElseThrow(
                () ->
                    new ConflictException(
                        "no_customer",
                        "This tenant has no Stripe customer yet: start a checkout (POST /billing/checkout) first."));
    RefetchedState.Counts counts = refetched.subscriptions(tenantId, customerId);
    log.info(
        "synced tenant {} from Stripe: {} subscription record written, {} kept (newer event stored)",
        tenantId,
        counts.subscriptions(),
        counts.keptNewer());
    return account.subscription(tenantId);
  }

  /**
   * The customer our checkout created, else the one the records name (e.g. linked by an operator).
   */
  private Optional<String> customerOf(TenantProfile tenant) {
    return Optional.ofNullable(tenant.stripeCustomerId())
        .or(() -> store.subscription(tenant.tenantId()).map(SubscriptionRecord::customerId))
        .or(() -> store.customer(tenant.tenantId()).map(CustomerRecord::customerId));
  }
}
