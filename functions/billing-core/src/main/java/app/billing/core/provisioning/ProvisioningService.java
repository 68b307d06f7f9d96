package app.billing.core.provisioning;

import static app.billing.core.event.HandledEventTypes.CHECKOUT_ASYNC_FAILED;
import static app.billing.core.event.HandledEventTypes.CHECKOUT_ASYNC_SUCCEEDED;
import static app.billing.core.event.HandledEventTypes.CHECKOUT_COMPLETED;
import static app.billing.core.event.HandledEventTypes.CUSTOMER_DELETED;
import static app.billing.core.event.HandledEventTypes.INVOICE_PAID;
import static app.billing.core.event.HandledEventTypes.INVOICE_PAYMENT_ACTION_REQUIRED;
import static app.billing.core.event.HandledEventTypes.INVOICE_PAYMENT_FAILED;
import static app.billing.core.event.HandledEventTypes.SUBSCRIPTION_DELETED;
import static app.billing.core.event.HandledEventTypes.SUBSCRIPTION_TRIAL_WILL_END;
import static app.billing.core.event.HandledEventTypes.SUBSCRIPTION_UPDATED;

import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.email.EmailComposer;
import app.billing.core.email.EmailKind;
import app.billing.core.email.Formats;
import app.billing.core.event.EventEnvelope;
import app.billing.core.event.EventEnvelopeReader;
import app.billing.core.event.HandledEventTypes;
import app.billing.core.event.NotAStripeEventException;
import app.billing.core.model.AuditEntry;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.model.Outcome;
import app.billing.core.model.ParkedEvent;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.model.WriteResult;
import app.billing.core.port.BillingStore;
import app.billing.core.port.EmailSender;
import app.billing.core.port.StripeGateway;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.model.entitlements.ActiveEntitlement;
import com.stripe.model.entitlements.ActiveEntitlementSummary;
import com.stripe.net.ApiResource;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies one verified Stripe event to the billing records and sends the emails it calls for.
 *
 * <p>Guarantees, each backed by a test: a redelivered event changes nothing and sends no second email
 * (versioned writes recognise the event already stored; every email is claimed before it is sent);
 * any delivery order gives the same records (versioned writes, ties settled by refetching from
 * Stripe); an event whose tenant is not known yet is parked, never dropped, and applied once its
 * customer is linked.
 *
 * <p>DynamoDB round trips are the cost that matters, so an event does not claim a ledger entry: a
 * warm container knows the customer's tenant ({@link ContainerCache}), the record write itself tells
 * a redelivery apart, and audit entries and sent-email marks are written once per batch
 * ({@link BatchWrites}).
 */
public final class ProvisioningService {
  private static final Logger log = LoggerFactory.getLogger(ProvisioningService.class);

  private final BillingStore store;
  private final StripeGateway stripe;
  private final Catalog catalog;
  private final EmailComposer composer;
  private final EmailSender sender;
  private final Clock clock;
  /** Customer id → tenant id: a link never changes once made. */
  private final ContainerCache<String> knownTenants;
  /**
   * Kept-for-good email keys already sent or being sent: the welcome is checked on every active
   * subscription event, and a settled key needs no claim round trip.
   */
  private final ContainerCache<Boolean> settledEmails;

  public ProvisioningService(BillingStore store, StripeGateway stripe, Catalog catalog,
      EmailComposer composer, EmailSender sender, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.stripe = Objects.requireNonNull(stripe);
    this.catalog = Objects.requireNonNull(catalog);
    this.composer = Objects.requireNonNull(composer);
    this.sender = Objects.requireNonNull(sender);
    this.clock = Objects.requireNonNull(clock);
    this.knownTenants = ContainerCache.withDefaults(clock);
    this.settledEmails = ContainerCache.withDefaults(clock);
  }

  /**
   * Processes one event body as the webhook enqueued it, then writes its audit entry and sent-email
   * marks.
   *
   * @throws InvalidEventException when the body can never be processed (goes to the DLQ on retries)
   * @throws RuntimeException when a dependency failed; the event can be retried safely
   */
  public Outcome process(String payload) {
    BatchWrites writes = new BatchWrites();
    Outcome outcome;
    try {
      outcome = process(payload, writes);
    } catch (RuntimeException e) {
      // Parked events replayed before the failure were applied and unparked: their entries stay.
      try {
        writeBatch(writes);
      } catch (RuntimeException auditFailed) {
        e.addSuppressed(auditFailed);
      }
      throw e;
    }
    writeBatch(writes);
    return outcome;
  }

  /**
   * Processes one event body as the webhook enqueued it; its audit entry and sent-email marks go to
   * {@code writes}, to be written with {@link #writeBatch} once the batch is done.
   *
   * @throws InvalidEventException when the body can never be processed (goes to the DLQ on retries)
   * @throws RuntimeException when a dependency failed; the event can be retried safely
   */
  public Outcome process(String payload, BatchWrites writes) {
    EventEnvelope envelope;
    try {
      envelope = EventEnvelopeReader.read(payload);
    } catch (NotAStripeEventException e) {
      throw new InvalidEventException(e.getMessage());
    }
    try (var ignored = MDC.putCloseable("eventId", envelope.id());
        var ignored2 = MDC.putCloseable("eventType", envelope.type())) {
      if (!HandledEventTypes.isHandled(envelope.type())) {
        log.debug("ignoring unhandled event type");
        return Outcome.IGNORED;
      }
      return resolveAndApply(envelope, payload, writes);
    }
  }

  /** Writes what the batch's events left to its end; a failure here means the batch should be retried. */
  public void writeBatch(BatchWrites writes) {
    if (!writes.isEmpty()) {
      store.writeBatch(writes.auditEntries(), writes.sentEmails());
    }
  }

  private Outcome resolveAndApply(EventEnvelope envelope, String payload, BatchWrites writes) {
    Event event = parse(payload);
    StripeObject object = dataObject(event, envelope);
    String customerId = envelope.customerId();
    Optional<String> known = customerId == null ? Optional.empty() : knownTenants.get(customerId);
    if (known.isPresent()) {
      return applyFor(known.get(), envelope, event, object, writes);
    }
    BillingStore.CustomerLookup lookup = customerId == null
        ? new BillingStore.CustomerLookup(Optional.empty(), List.of())
        : store.lookup(customerId);
    Optional<String> tenant = lookup.tenantId();
    if (tenant.isEmpty()) {
      Optional<String> hint = TenantHints.of(object);
      if (hint.isPresent() && customerId != null) {
        tenant = Optional.of(store.link(customerId, hint.get(), clock.instant()).tenantId());
      } else {
        tenant = hint;
      }
    }
    if (tenant.isEmpty()) {
      // Kept, not dropped: applied when a later event (e.g. checkout) links the customer.
      String parkingKey = customerId != null ? customerId : envelope.orderingKey();
      store.park(new ParkedEvent(parkingKey, envelope.id(), envelope.type(), envelope.created(), payload),
          clock.instant());
      log.warn("no tenant known for customer yet; event parked");
      MDC.put("outcome", Outcome.PARKED.wireName());
      return Outcome.PARKED;
    }
    String tenantId = tenant.get();
    Outcome outcome = applyFor(tenantId, envelope, event, object, writes);
    // Events parked before the customer was linked (or left over from an interrupted replay).
    for (ParkedEvent parked : lookup.parked()) {
      replay(tenantId, parked, writes);
    }
    if (customerId != null) {
      knownTenants.put(customerId, tenantId);
    }
    return outcome;
  }

  private void replay(String tenantId, ParkedEvent parked, BatchWrites writes) {
    EventEnvelope envelope = readEnvelope(parked.payload());
    Event event = parse(parked.payload());
    try (var ignored = MDC.putCloseable("replayedEventId", parked.eventId())) {
      applyFor(tenantId, envelope, event, dataObject(event, envelope), writes);
      store.unpark(parked);
    }
  }

  private Outcome applyFor(String tenantId, EventEnvelope envelope, Event event, StripeObject object,
      BatchWrites writes) {
    try (var ignored = MDC.putCloseable("tenantId", tenantId)) {
      EventVersion version = new EventVersion(envelope.created(), envelope.id());
      Outcome outcome = switch (object) {
        case Subscription sub -> applySubscription(tenantId, envelope, event, sub, version, writes);
        case Invoice invoice -> applyInvoice(tenantId, envelope, invoice, version, writes);
        case Session session -> applyCheckout(tenantId, envelope, session, version, writes);
        case Customer customer -> applyCustomer(tenantId, envelope, customer, version);
        case ActiveEntitlementSummary summary -> applyEntitlements(tenantId, summary, version);
        default -> {
          log.warn("event object type {} not handled", object.getClass().getSimpleName());
          yield Outcome.IGNORED;
        }
      };
      // The audit entry records the event's effect: a redelivery of an applied event stays "applied".
      Outcome effect = outcome == Outcome.DUPLICATE ? Outcome.APPLIED : outcome;
      writes.add(new AuditEntry(tenantId, envelope.id(), envelope.type(), envelope.created(), effect,
          clock.instant()));
      MDC.put("outcome", outcome.wireName());
      log.info("event processed");
      return outcome;
    }
  }

  // --- subscriptions ---

  private Outcome applySubscription(String tenantId, EventEnvelope envelope, Event event, Subscription sub,
      EventVersion version, BatchWrites writes) {
    Versioned<Subscription> written = saveVersioned(sub,
        s -> Projections.subscription(tenantId, s, catalog, version),
        store::saveSubscription,
        () -> stripe.subscription(sub.getId()));
    if (written.result() == WriteResult.STALE) {
      welcomeIfStillCurrent(tenantId, sub, writes);
      return Outcome.STALE;
    }
    Subscription current = written.object();
    SubscriptionRecord record = Projections.subscription(tenantId, current, catalog, version);
    // Emails below are claimed per key, so a redelivery (SAME) only sends what did not go out before.
    String status = current.getStatus();
    if ("active".equals(status) || "trialing".equals(status)) {
      sendWelcome(writes, tenantId, current.getId(), record);
    }
    if (SUBSCRIPTION_TRIAL_WILL_END.equals(envelope.type()) && "trialing".equals(status)
        && record.trialEnd() != null) {
      sendOnce(writes, EmailKind.TRIAL_ENDING, EmailGuard.perEvent(envelope.id()), tenantId, null,
          () -> Map.of("planName", planName(record), "trialEndDate", Formats.date(record.trialEnd())));
    }
    if (SUBSCRIPTION_UPDATED.equals(envelope.type()) && cancellationJustScheduled(event, current)) {
      Instant end = record.cancelAt() != null ? record.cancelAt() : record.currentPeriodEnd();
      sendOnce(writes, EmailKind.CANCELLATION_SCHEDULED, EmailGuard.perEvent(envelope.id()), tenantId, null,
          () -> Map.of("planName", planName(record), "endDate", end == null ? "the end of the period" : Formats.date(end)));
    }
    if (SUBSCRIPTION_DELETED.equals(envelope.type())) {
      sendOnce(writes, EmailKind.SUBSCRIPTION_ENDED, EmailGuard.perEvent(envelope.id()), tenantId, null,
          () -> Map.of("planName", planName(record),
              "paymentFailed", "payment_failed".equals(record.cancellationReason())));
    }
    return written.outcome();
  }

  private void sendWelcome(BatchWrites writes, String tenantId, String subscriptionId, SubscriptionRecord record) {
    boolean trialing = "trialing".equals(record.status());
    sendOnce(writes, EmailKind.WELCOME, welcomeGuard(subscriptionId), tenantId, null,
        () -> Map.of("planName", planName(record),
            "trialEndDate", trialing && record.trialEnd() != null ? Formats.date(record.trialEnd()) : false,
            "periodEndDate", record.currentPeriodEnd() == null ? false : Formats.date(record.currentPeriodEnd())));
  }

  /**
   * A stale event of a subscription still welcomes it when the stored, newer state is that same
   * subscription active or trialing: state refetched on the customer's return from Checkout (sync)
   * is newer than the events that follow, and the welcome must not depend on which arrived first.
   * Backfill marks the welcome of subscriptions that predate it as sent, so this never welcomes them.
   */
  private void welcomeIfStillCurrent(String tenantId, Subscription sub, BatchWrites writes) {
    if (!"active".equals(sub.getStatus()) && !"trialing".equals(sub.getStatus())) {
      return;
    }
    if (settledEmails.get(EmailKeys.welcome(sub.getId())).isPresent()) {
      return;
    }
    store.subscription(tenantId)
        .filter(stored -> sub.getId().equals(stored.subscriptionId()))
        .filter(stored -> "active".equals(stored.status()) || "trialing".equals(stored.status()))
        .ifPresent(stored -> sendWelcome(writes, tenantId, sub.getId(), stored));
  }

  private static EmailGuard welcomeGuard(String subscriptionId) {
    return EmailGuard.forever(EmailKeys.welcomeScope(subscriptionId));
  }

  /** Turned on now: {@code previous_attributes} shows it was off before this change. */
  private static boolean cancellationJustScheduled(Event event, Subscription sub) {
    Map<String, Object> previous = event.getData().getPreviousAttributes();
    if (previous == null) {
      return false;
    }
    boolean periodEndTurnedOn = Boolean.TRUE.equals(sub.getCancelAtPeriodEnd())
        && Boolean.FALSE.equals(previous.get("cancel_at_period_end"));
    boolean cancelAtSet = sub.getCancelAt() != null && previous.containsKey("cancel_at")
        && previous.get("cancel_at") == null;
    return periodEndTurnedOn || cancelAtSet;
  }

  private String planName(SubscriptionRecord record) {
    return catalog.entry(record.planKey()).map(CatalogEntry::name).orElse("subscription");
  }

  // --- invoices ---

  private Outcome applyInvoice(String tenantId, EventEnvelope envelope, Invoice invoice, EventVersion version,
      BatchWrites writes) {
    Versioned<Invoice> written = saveVersioned(invoice,
        i -> Projections.invoice(tenantId, i, catalog, version),
        store::savePayment,
        () -> stripe.invoice(invoice.getId()));
    // Receipts describe money that moved, so they go out even when a newer event is already stored.
    if (INVOICE_PAID.equals(envelope.type()) && invoice.getAmountPaid() != null && invoice.getAmountPaid() > 0) {
      sendOnce(writes, EmailKind.INVOICE_RECEIPT, EmailGuard.perEvent(envelope.id()), tenantId, invoice.getCustomerEmail(),
          () -> Map.of("amount", Formats.money(invoice.getAmountPaid(), invoice.getCurrency()),
              "date", Formats.date(Instant.ofEpochSecond(envelope.created())),
              "hostedInvoiceUrl", orFalse(invoice.getHostedInvoiceUrl()),
              "planName", subscriptionPlanName(tenantId)));
    }
    if (written.result() == WriteResult.STALE) {
      return Outcome.STALE;
    }
    Invoice current = written.object();
    if (INVOICE_PAYMENT_FAILED.equals(envelope.type()) && !"paid".equals(current.getStatus())) {
      sendOnce(writes, EmailKind.PAYMENT_FAILED, EmailGuard.perEvent(envelope.id()), tenantId, current.getCustomerEmail(),
          () -> Map.of("amount", Formats.money(current.getAmountDue(), current.getCurrency()),
              "nextRetryDate", current.getNextPaymentAttempt() == null ? false
                  : Formats.date(Instant.ofEpochSecond(current.getNextPaymentAttempt())),
              "hostedInvoiceUrl", orFalse(current.getHostedInvoiceUrl())));
    }
    if (INVOICE_PAYMENT_ACTION_REQUIRED.equals(envelope.type()) && !"paid".equals(current.getStatus())
        && current.getHostedInvoiceUrl() != null) {
      sendOnce(writes, EmailKind.PAYMENT_ACTION_REQUIRED, EmailGuard.perEvent(envelope.id()), tenantId, current.getCustomerEmail(),
          () -> Map.of("amount", Formats.money(current.getAmountDue(), current.getCurrency()),
              "hostedInvoiceUrl", current.getHostedInvoiceUrl()));
    }
    return written.outcome();
  }

  private Object subscriptionPlanName(String tenantId) {
    return store.subscription(tenantId).flatMap(s -> catalog.entry(s.planKey()))
        .<Object>map(CatalogEntry::name).orElse(false);
  }

  // --- checkout ---

  private Outcome applyCheckout(String tenantId, EventEnvelope envelope, Session session, EventVersion version,
      BatchWrites writes) {
    if (!"payment".equals(session.getMode())) {
      // Subscription checkouts only link the customer (done by tenant resolution); the
      // subscription events carry the state.
      return Outcome.APPLIED;
    }
    CatalogEntry item = catalogItem(session).orElse(null);
    String status = Projections.purchaseStatus(envelope.type(), session);
    PaymentRecord purchase = Projections.purchase(tenantId, session, item, status, version);
    WriteResult result = store.savePayment(purchase, false);
    if (result == WriteResult.TIE) {
      Session fresh = stripe.checkoutSession(session.getId());
      purchase = Projections.purchase(tenantId, fresh, item, Projections.purchaseStatus(CHECKOUT_COMPLETED, fresh),
          version);
      store.savePayment(purchase, true);
      status = purchase.status();
    }
    if ("paid".equals(status)) {
      long credits = item == null ? 0 : item.credits();
      if (credits > 0) {
        store.grantCredits(tenantId, session.getId(), credits, clock.instant());
      }
      String email = session.getCustomerDetails() == null ? null : session.getCustomerDetails().getEmail();
      PaymentRecord paid = purchase;
      sendOnce(writes, EmailKind.PURCHASE_RECEIPT, EmailGuard.forever("purchase:" + session.getId()), tenantId, email,
          () -> Map.of("itemName", paid.description(),
              "amount", Formats.money(paid.amount(), paid.currency()),
              "date", Formats.date(Instant.ofEpochSecond(envelope.created())),
              "credits", credits > 0 ? credits : false));
    }
    return outcomeOf(result);
  }

  /** Our checkout names the item in metadata; otherwise ask Stripe which price was sold. */
  private Optional<CatalogEntry> catalogItem(Session session) {
    String key = session.getMetadata() == null ? null : session.getMetadata().get("catalog_key");
    if (key != null) {
      return catalog.entry(key);
    }
    return stripe.checkoutPriceIds(session.getId()).stream()
        .map(catalog::byPriceId)
        .flatMap(Optional::stream)
        .map(m -> m.entry())
        .findFirst();
  }

  // --- customers and entitlements ---

  private Outcome applyCustomer(String tenantId, EventEnvelope envelope, Customer customer, EventVersion version) {
    boolean deleted = CUSTOMER_DELETED.equals(envelope.type());
    Versioned<Customer> written = saveVersioned(customer,
        c -> Projections.customer(tenantId, c, deleted, version),
        store::saveCustomer,
        () -> deleted ? customer : stripe.customer(customer.getId()));
    return written.outcome();
  }

  private Outcome applyEntitlements(String tenantId, ActiveEntitlementSummary summary, EventVersion version) {
    List<String> keys = summary.getEntitlements() == null ? List.of()
        : summary.getEntitlements().getData().stream().map(ActiveEntitlement::getLookupKey).toList();
    WriteResult result = store.saveEntitlements(
        Projections.entitlements(tenantId, summary.getCustomer(), keys, version), false);
    if (result == WriteResult.TIE) {
      List<String> fresh = stripe.activeEntitlementLookupKeys(summary.getCustomer());
      store.saveEntitlements(Projections.entitlements(tenantId, summary.getCustomer(), fresh, version), true);
      return Outcome.APPLIED;
    }
    return outcomeOf(result);
  }

  // --- shared mechanics ---

  private record Versioned<T>(WriteResult result, T object) {
    Outcome outcome() {
      return outcomeOf(result);
    }
  }

  private static Outcome outcomeOf(WriteResult result) {
    return switch (result) {
      case STALE -> Outcome.STALE;
      case SAME -> Outcome.DUPLICATE;
      case WRITTEN, TIE -> Outcome.APPLIED;
    };
  }

  /**
   * Writes the record unless a newer event already did. When another event of the same second got
   * there first, the order cannot be told from the events, so the object is refetched from Stripe
   * (its current state is right by definition) and written over the tie.
   */
  private <T, R> Versioned<T> saveVersioned(T object, java.util.function.Function<T, R> project,
      BiFunction<R, Boolean, WriteResult> save, Supplier<T> refetch) {
    WriteResult result = save.apply(project.apply(object), false);
    if (result != WriteResult.TIE) {
      return new Versioned<>(result, object);
    }
    log.info("same-second tie with a stored event; refetching from Stripe");
    T fresh = refetch.get();
    save.apply(project.apply(fresh), true);
    return new Versioned<>(WriteResult.WRITTEN, fresh);
  }

  /**
   * Sends an email at most once per key. The key is claimed before sending (so concurrent consumers of
   * one event cannot both send) and marked sent with the batch's writes after SES accepted the
   * message (the claim's lease covers the time until then); a failed send gives the claim back so the
   * retry of the event sends it. Keys of one event only need to outlive
   * redelivery; keys of a subscription or purchase (welcome, purchase receipt) are kept for good.
   */
  private void sendOnce(BatchWrites writes, EmailKind kind, EmailGuard guard, String tenantId, String knownEmail,
      Supplier<Map<String, Object>> values) {
    String key = EmailKeys.of(guard.scope(), kind);
    if (guard.forever() && settledEmails.get(key).isPresent()) {
      return;
    }
    if (store.claimEmail(key, clock.instant(), guard.forever()) == BillingStore.EmailClaim.TAKEN) {
      // Sent, or being sent by a consumer whose own retry finishes it if sending fails.
      settle(guard, key);
      return;
    }
    try {
      Optional<String> to = Optional.ofNullable(knownEmail).or(() -> recipient(tenantId));
      if (to.isEmpty()) {
        log.warn("no email address for tenant; {} email not sent", kind.template());
        store.releaseEmail(key);
        return;
      }
      sender.send(composer.compose(kind, to.get(), new HashMap<>(values.get())));
    } catch (RuntimeException e) {
      releaseAfterFailure(key, e);
      throw e;
    }
    writes.add(new BillingStore.SentEmail(key, clock.instant(), guard.forever()));
    settle(guard, key);
    log.info("email sent: {}", kind.template());
  }

  /** Only kept-for-good keys come back (per-event keys only on redelivery); they alone are worth caching. */
  private void settle(EmailGuard guard, String key) {
    if (guard.forever()) {
      settledEmails.put(key, true);
    }
  }

  private void releaseAfterFailure(String key, RuntimeException failure) {
    try {
      store.releaseEmail(key);
    } catch (RuntimeException releaseFailed) {
      // The claim's lease runs out instead; the retry of the event claims it then.
      failure.addSuppressed(releaseFailed);
    }
  }

  private Optional<String> recipient(String tenantId) {
    Optional<CustomerRecord> customer = store.customer(tenantId);
    if (customer.isPresent() && customer.get().email() != null) {
      return Optional.of(customer.get().email());
    }
    Optional<String> customerId = customer.map(CustomerRecord::customerId)
        .or(() -> store.subscription(tenantId).map(SubscriptionRecord::customerId));
    if (customerId.isPresent()) {
      String email = stripe.customer(customerId.get()).getEmail();
      if (email != null) {
        return Optional.of(email);
      }
    }
    return store.tenantBillingEmail(tenantId);
  }

  /**
   * What an email is sent at most once for: one event (the guard only needs to outlive redelivery) or
   * something lasting, like a subscription's welcome (kept for good).
   */
  private record EmailGuard(String scope, boolean forever) {
    static EmailGuard perEvent(String eventId) {
      return new EmailGuard(eventId, false);
    }

    static EmailGuard forever(String scope) {
      return new EmailGuard(scope, true);
    }
  }

  private static Object orFalse(String value) {
    return value == null ? false : value;
  }

  private static EventEnvelope readEnvelope(String payload) {
    try {
      return EventEnvelopeReader.read(payload);
    } catch (NotAStripeEventException e) {
      throw new InvalidEventException(e.getMessage());
    }
  }

  private static Event parse(String payload) {
    try {
      return ApiResource.GSON.fromJson(payload, Event.class);
    } catch (RuntimeException e) {
      throw new InvalidEventException("event does not parse as a Stripe event");
    }
  }

  /**
   * The typed {@code data.object}; when the payload's API version differs from the SDK's, the object
   * cannot be typed safely and is refetched by id instead of guessed.
   */
  private StripeObject dataObject(Event event, EventEnvelope envelope) {
    Optional<StripeObject> typed = event.getDataObjectDeserializer().getObject();
    if (typed.isPresent()) {
      return typed.get();
    }
    log.info("event API version {} cannot be typed by the SDK; refetching the object", event.getApiVersion());
    String type = envelope.type();
    String id = envelope.objectId();
    if (type.startsWith("customer.subscription.")) {
      return stripe.subscription(id);
    }
    if (type.startsWith("invoice.")) {
      return stripe.invoice(id);
    }
    if (type.startsWith("checkout.session.")) {
      return stripe.checkoutSession(id);
    }
    if (type.startsWith("customer.")) {
      return stripe.customer(id);
    }
    throw new InvalidEventException("cannot type or refetch the object of a " + type + " event");
  }
}
