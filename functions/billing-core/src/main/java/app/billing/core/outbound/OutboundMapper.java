package app.billing.core.outbound;

import static app.billing.core.event.HandledEventTypes.INVOICE_PAYMENT_FAILED;

import app.billing.core.access.Access;
import app.billing.core.access.AccessDecision;
import app.billing.core.access.AccessPolicy;
import app.billing.core.access.EffectiveSubscription;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which outbound events a record write publishes: a pure function of the record's state before and
 * after the write. It is called only for a write that stored a new version (stale and duplicate
 * deliveries never get here) and returns nothing when no field the host app sees changed.
 *
 * <p>Access is decided at the change's own time (the event's {@code created}), not at processing
 * time, so a retry maps the same change to the same events. Grace running out is a change of time,
 * not of a record, and publishes nothing: consumers honour {@code accessUntil}.
 */
public final class OutboundMapper {
  private final Catalog catalog;
  private final AccessPolicy accessPolicy;
  private final EffectiveSubscription effective;
  private final Function<String, List<SubscriptionRecord>> subscriptionsOf;

  /** For tenants with one subscription each (tests). */
  public OutboundMapper(Catalog catalog, AccessPolicy accessPolicy) {
    this(catalog, accessPolicy, tenantId -> List.of());
  }

  /**
   * @param subscriptionsOf a tenant's stored subscriptions: the tenant's access is decided by all
   *     of them ({@link EffectiveSubscription}), so cancelling one of two live subscriptions
   *     changes no access
   */
  public OutboundMapper(
      Catalog catalog,
      AccessPolicy accessPolicy,
      Function<String, List<SubscriptionRecord>> subscriptionsOf) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.accessPolicy = Objects.requireNonNull(accessPolicy, "accessPolicy");
    this.effective = new EffectiveSubscription(accessPolicy);
    this.subscriptionsOf = Objects.requireNonNull(subscriptionsOf, "subscriptionsOf");
  }

  /**
   * For a writer that handles every record kind alike.
   *
   * @param before the stored record the write replaced, of the same class as {@code after}; null
   *     when there was none
   * @param stripeEventType the Stripe event that caused the write (tells a failed payment attempt
   *     apart); null for refetched state
   */
  public List<OutboundEvent> events(Object before, Object after, String stripeEventType) {
    return switch (after) {
      case SubscriptionRecord a -> subscription((SubscriptionRecord) before, a);
      case PaymentRecord a -> payment((PaymentRecord) before, a, stripeEventType);
      case EntitlementsRecord a -> entitlements((EntitlementsRecord) before, a);
      case CustomerRecord a -> customer((CustomerRecord) before, a);
      default ->
          throw new IllegalArgumentException("not a record: " + after.getClass().getSimpleName());
    };
  }

  /**
   * {@code billing.subscription.changed} and, when access moved, {@code billing.access.changed}.
   */
  public List<OutboundEvent> subscription(SubscriptionRecord before, SubscriptionRecord after) {
    List<OutboundEvent> events = new ArrayList<>();
    String subject = subject(after);
    SubscriptionState was = before == null ? null : SubscriptionState.of(before);
    SubscriptionState is = SubscriptionState.of(after);
    add(
        events,
        OutboundType.SUBSCRIPTION_CHANGED,
        after.tenantId(),
        subject,
        after.version(),
        was,
        is);
    Instant at = Instant.ofEpochSecond(after.version().created());
    // The tenant's other subscriptions as stored (this one's write has happened): access before and
    // after this change is the effective one with this subscription as it was and as it is.
    List<SubscriptionRecord> others =
        subscriptionsOf.apply(after.tenantId()).stream()
            .filter(s -> !s.subscriptionId().equals(after.subscriptionId()))
            .toList();
    AccessState accessWas = accessOf(effective(others, before, at), at);
    AccessState accessIs = accessOf(effective(others, after, at), at);
    // Without a subscription before, access was none: a first subscription that grants nothing
    // (incomplete) changes nothing.
    add(
        events,
        OutboundType.ACCESS_CHANGED,
        after.tenantId(),
        subject,
        after.version(),
        accessWas,
        accessIs);
    return events;
  }

  /**
   * {@code billing.payment.succeeded} when an invoice turns paid, {@code billing.payment.failed}
   * for every failed attempt of an unpaid invoice and when a purchase's payment fails, {@code
   * billing.purchase.completed} when a purchase turns paid. Zero-amount invoices (a trial's first)
   * are not payments.
   */
  public List<OutboundEvent> payment(
      PaymentRecord before, PaymentRecord after, String stripeEventType) {
    PaymentState was = before == null ? null : PaymentState.of(before);
    PaymentState is = PaymentState.of(after);
    boolean turnedPaid =
        "paid".equals(is.status()) && (was == null || !"paid".equals(was.status()));
    OutboundType type =
        switch (after.kind()) {
          case INVOICE -> {
            if (turnedPaid && after.amountPaid() > 0) {
              yield OutboundType.PAYMENT_SUCCEEDED;
            }
            // Each failed attempt is news, even when the invoice's fields did not change.
            boolean failed =
                INVOICE_PAYMENT_FAILED.equals(stripeEventType) && !"paid".equals(is.status());
            yield failed ? OutboundType.PAYMENT_FAILED : null;
          }
          case PURCHASE -> {
            if (turnedPaid) {
              yield OutboundType.PURCHASE_COMPLETED;
            }
            boolean turnedFailed =
                "failed".equals(is.status()) && (was == null || !"failed".equals(was.status()));
            yield turnedFailed ? OutboundType.PAYMENT_FAILED : null;
          }
        };
    List<OutboundEvent> events = new ArrayList<>();
    String subject = "payment:" + after.paymentId();
    if (type != null) {
      events.add(
          new OutboundEvent(
              type, after.tenantId(), subject, after.version(), Changes.between(was, is), was, is));
    }
    // billing.refund.created when the refunded total grows (a partial refund, then another).
    long refundedBefore = before == null ? 0 : before.amountRefunded();
    if (after.amountRefunded() > refundedBefore) {
      RefundState refundWas = before == null ? null : RefundState.of(before);
      RefundState refundIs = RefundState.of(after);
      events.add(
          new OutboundEvent(
              OutboundType.REFUND_CREATED,
              after.tenantId(),
              subject,
              after.version(),
              Changes.between(refundWas, refundIs),
              refundWas,
              refundIs));
    }
    return events;
  }

  /** {@code billing.entitlements.changed} when the set of lookup keys changed. */
  public List<OutboundEvent> entitlements(EntitlementsRecord before, EntitlementsRecord after) {
    List<OutboundEvent> events = new ArrayList<>();
    EntitlementsState was = new EntitlementsState(before == null ? List.of() : before.lookupKeys());
    EntitlementsState is = new EntitlementsState(after.lookupKeys());
    // Without a record before, nothing was granted: the before state is the empty list.
    add(
        events,
        OutboundType.ENTITLEMENTS_CHANGED,
        after.tenantId(),
        "entitlements",
        after.version(),
        was,
        is);
    return events;
  }

  /** The customer record (billing email, delinquency) publishes nothing: access tells the app. */
  public List<OutboundEvent> customer(CustomerRecord before, CustomerRecord after) {
    return List.of();
  }

  /** The record version a stored record stands for, as {@link OutboundEvent#recordVersion}. */
  public static String recordVersion(Object record) {
    return switch (record) {
      case SubscriptionRecord r ->
          OutboundEvent.recordVersion(r.tenantId(), subject(r), r.version());
      case PaymentRecord r ->
          OutboundEvent.recordVersion(r.tenantId(), "payment:" + r.paymentId(), r.version());
      case EntitlementsRecord r ->
          OutboundEvent.recordVersion(r.tenantId(), "entitlements", r.version());
      case CustomerRecord r -> OutboundEvent.recordVersion(r.tenantId(), "customer", r.version());
      default ->
          throw new IllegalArgumentException("not a record: " + record.getClass().getSimpleName());
    };
  }

  private static String subject(SubscriptionRecord record) {
    return "subscription:" + record.subscriptionId();
  }

  private SubscriptionRecord effective(
      List<SubscriptionRecord> others, SubscriptionRecord record, Instant at) {
    List<SubscriptionRecord> all = new ArrayList<>(others);
    if (record != null) {
      all.add(record);
    }
    return effective.pick(all, at).orElse(null);
  }

  /**
   * The one place that decides what a tenant may do, for {@code billing.access.changed}: status and
   * grace through {@link AccessPolicy}, plan, features and limits from the catalog, for the
   * tenant's effective subscription.
   */
  private AccessState accessOf(SubscriptionRecord record, Instant at) {
    if (record == null) {
      return new AccessState(Access.NONE.wireName(), null, List.of(), Map.of(), null);
    }
    AccessDecision decision = accessPolicy.decide(record.status(), record.pastDueSince(), at);
    boolean allowed = decision.access().allowed();
    Optional<CatalogEntry> plan = catalog.entry(record.planKey());
    return new AccessState(
        decision.access().wireName(),
        allowed ? record.planKey() : null,
        allowed ? plan.map(CatalogEntry::features).orElse(List.of()) : List.of(),
        allowed ? plan.map(CatalogEntry::limits).orElse(Map.of()) : Map.of(),
        decision.access() == Access.GRACE ? decision.graceEndsAt() : null);
  }

  private static <T extends Record> void add(
      List<OutboundEvent> events,
      OutboundType type,
      String tenantId,
      String subject,
      EventVersion version,
      T before,
      T after) {
    add(events, type, tenantId, subject, version, before, after, Changes.between(before, after));
  }

  private static void add(
      List<OutboundEvent> events,
      OutboundType type,
      String tenantId,
      String subject,
      EventVersion version,
      Record before,
      Record after,
      List<String> changed) {
    if (!changed.isEmpty()) {
      events.add(new OutboundEvent(type, tenantId, subject, version, changed, before, after));
    }
  }
}
