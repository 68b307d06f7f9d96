package app.billing.core.account;

import app.billing.core.access.Access;
import app.billing.core.access.AccessDecision;
import app.billing.core.access.AccessPolicy;
import app.billing.core.access.EffectiveSubscription;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.error.ValidationException;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.port.Credits;
import app.billing.core.port.PaymentHistory;
import app.billing.core.port.VersionedRecords;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tenant's own view of its billing, read from what provisioning stored: subscription and
 * access, payment history, and the public plan catalog. Reads only; the tenant id always comes from
 * the caller's authentication, never from the request.
 */
public final class AccountService {
  public static final int DEFAULT_PAGE_SIZE = 20;
  public static final int MAX_PAGE_SIZE = 100;
  private static final Pattern PAGE_SIZE = Pattern.compile("[0-9]{1,3}");

  private final VersionedRecords store;
  private final Credits credits;
  private final PaymentHistory history;
  private final Catalog catalog;
  private final AccessPolicy accessPolicy;
  private final Clock clock;
  private final PlansView plans;
  private final EffectiveSubscription rule;

  public AccountService(
      VersionedRecords store,
      Credits credits,
      PaymentHistory history,
      Catalog catalog,
      AccessPolicy accessPolicy,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.credits = Objects.requireNonNull(credits, "credits");
    this.history = Objects.requireNonNull(history, "history");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.accessPolicy = Objects.requireNonNull(accessPolicy, "accessPolicy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.rule = new EffectiveSubscription(accessPolicy);
    this.plans = new PlansView(catalog.entries().stream().map(PlanView::of).toList());
  }

  /**
   * The tenant's effective subscription and access now ({@link EffectiveSubscription}), and every
   * subscription it has, newest first; {@code status "none"} when it has none.
   */
  public SubscriptionView subscription(String tenantId) {
    List<SubscriptionRecord> subscriptions = store.subscriptions(tenantId);
    Instant now = clock.instant();
    Optional<SubscriptionRecord> effective = rule.pick(subscriptions, now);
    // The customer record is only needed for the customer id when there is no subscription to take
    // it from.
    Optional<CustomerRecord> customer =
        effective.map(SubscriptionRecord::customerId).isPresent()
            ? Optional.empty()
            : store.customer(tenantId);
    List<String> entitlements =
        store.entitlements(tenantId).map(EntitlementsRecord::lookupKeys).orElse(List.of());
    long credits = this.credits.credits(tenantId);
    SubscriptionView view =
        view(tenantId, effective.orElse(null), customer.orElse(null), entitlements, credits, now);
    return view.withSubscriptions(
        EffectiveSubscription.newestFirst(subscriptions).stream().map(s -> item(s, now)).toList());
  }

  private SubscriptionView.Item item(SubscriptionRecord s, Instant now) {
    AccessDecision decision = rule.decide(s, now);
    return new SubscriptionView.Item(
        s.subscriptionId(),
        s.planKey(),
        catalog.entry(s.planKey()).map(CatalogEntry::name).orElse(null),
        s.status(),
        decision.access().wireName(),
        decision.access() == Access.GRACE ? Iso.format(decision.graceEndsAt()) : null,
        s.billingCycle(),
        s.quantity(),
        Iso.format(s.currentPeriodStart()),
        Iso.format(s.currentPeriodEnd()),
        Iso.format(s.trialEnd()),
        s.cancelAtPeriodEnd(),
        Iso.format(s.cancelAt()),
        Iso.format(s.canceledAt()));
  }

  SubscriptionView view(
      String tenantId,
      SubscriptionRecord sub,
      CustomerRecord customer,
      List<String> entitlements,
      long credits,
      Instant now) {
    if (sub == null) {
      return new SubscriptionView(
          tenantId,
          customer == null ? null : customer.customerId(),
          null,
          null,
          SubscriptionView.NO_SUBSCRIPTION,
          Access.NONE.wireName(),
          null,
          List.of(),
          Map.of(),
          entitlements,
          null,
          null,
          null,
          false,
          null,
          null,
          credits,
          List.of());
    }
    AccessDecision decision = accessPolicy.decide(sub.status(), sub.pastDueSince(), now);
    boolean allowed = decision.access().allowed();
    Optional<CatalogEntry> plan = catalog.entry(sub.planKey());
    return new SubscriptionView(
        tenantId,
        sub.customerId() != null
            ? sub.customerId()
            : customer == null ? null : customer.customerId(),
        sub.planKey(),
        plan.map(CatalogEntry::name).orElse(null),
        sub.status() == null ? SubscriptionView.NO_SUBSCRIPTION : sub.status(),
        decision.access().wireName(),
        decision.access() == Access.GRACE ? Iso.format(decision.graceEndsAt()) : null,
        allowed ? plan.map(CatalogEntry::features).orElse(List.of()) : List.of(),
        allowed
            ? plan.map(e -> PlanView.sorted(e.limitsFor(sub.quantity()))).orElse(Map.of())
            : Map.of(),
        entitlements,
        Iso.format(sub.currentPeriodStart()),
        Iso.format(sub.currentPeriodEnd()),
        Iso.format(sub.trialEnd()),
        sub.cancelAtPeriodEnd(),
        Iso.format(sub.cancelAt()),
        Iso.format(sub.canceledAt()),
        credits,
        List.of());
  }

  /**
   * One page of the tenant's payments, newest first.
   *
   * @param limit the raw {@code limit} query parameter: 1 to {@value #MAX_PAGE_SIZE}, default
   *     {@value #DEFAULT_PAGE_SIZE}
   * @param cursor the raw {@code cursor} query parameter: a {@code next_cursor} of an earlier page
   * @throws ValidationException naming {@code limit} or {@code cursor} when either is invalid
   */
  public PaymentsView payments(String tenantId, Optional<String> limit, Optional<String> cursor) {
    int pageSize = pageSize(limit);
    PaymentHistory.Page page;
    try {
      page =
          history.payments(tenantId, pageSize, cursor.map(String::trim).filter(c -> !c.isEmpty()));
    } catch (PaymentHistory.InvalidCursorException e) {
      throw ValidationException.field(
          "cursor",
          "'cursor' is not a valid payments cursor; pass the next_cursor of a previous page.");
    }
    return new PaymentsView(
        page.payments().stream().map(PaymentView::of).toList(),
        page.hasMore(),
        page.nextCursor().orElse(null));
  }

  /** The public catalog; no Stripe price ids. */
  public PlansView plans() {
    return plans;
  }

  static int pageSize(Optional<String> limit) {
    if (limit.isEmpty() || limit.get().isBlank()) {
      return DEFAULT_PAGE_SIZE;
    }
    String text = limit.get().trim();
    if (PAGE_SIZE.matcher(text).matches()) {
      int value = Integer.parseInt(text);
      if (value >= 1 && value <= MAX_PAGE_SIZE) {
        return value;
      }
    }
    throw ValidationException.field(
        "limit", "'limit' must be a whole number between 1 and " + MAX_PAGE_SIZE + ".");
  }
}
