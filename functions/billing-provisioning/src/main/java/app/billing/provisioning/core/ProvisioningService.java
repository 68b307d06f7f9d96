package app.billing.provisioning.core;

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
import app.billing.core.email.Recipients;
import app.billing.core.event.EventEnvelope;
import app.billing.core.event.EventEnvelopeReader;
import app.billing.core.event.HandledEventTypes;
import app.billing.core.event.NotAStripeEventException;
import app.billing.core.model.AuditEntry;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.model.FailedEvent;
import app.billing.core.model.Outcome;
import app.billing.core.model.ParkedEvent;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.model.WriteResult;
import app.billing.core.port.BillingStore;
import app.billing.core.port.EmailSender;
import app.billing.core.provisioning.EmailKeys;
import app.billing.core.provisioning.InvalidEventException;
import app.billing.core.provisioning.PermanentFailureException;
import app.billing.provisioning.core.port.StripeGateway;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.InvoiceLineItem;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.model.entitlements.ActiveEntitlement;
import com.stripe.model.entitlements.ActiveEntitlementSummary;
import com.stripe.net.ApiResource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
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
 * <p>Guarantees, each backed by a test: a redelivered event changes nothing and sends no second
 * email (versioned writes recognise the event already stored; every email is claimed before it is
 * sent); any delivery order gives the same records (versioned writes, ties settled by refetching
 * from Stripe); an event whose tenant is not known yet is parked, never dropped, and applied once
 * its customer is linked.
 *
 * <p>Failures are of two kinds. A {@link PermanentFailureException} (Stripe 4xx, an unreadable
 * payload, an invalid or refused recipient) is recorded as a {@link FailedEvent} with its payload,
 * its audit entry says {@code failed} with the reason, and the event counts as processed: it
 * neither burns its receive count nor holds back its customer's later events, which is safe because
 * records are order-independent. An email that fails for good never undoes its record: the record
 * stays applied and the event is recorded as failed at stage {@code email}. Every other exception
 * is transient (throttling, 5xx, timeouts, DynamoDB or SES unavailable) and propagates, so the
 * message is retried in order.
 *
 * <p>DynamoDB round trips are the cost that matters, so an event does not claim a ledger entry: a
 * warm container knows the customer's tenant ({@link ContainerCache}), the record write itself
 * tells a redelivery apart, and audit entries are written once per batch ({@link BatchWrites}). An
 * email costs its claim and its sent mark (written right after SES accepted it, not at the batch's
 * end, so a crash later in the batch cannot repeat it).
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

  public ProvisioningService(
      BillingStore store,
      StripeGateway stripe,
      Catalog catalog,
      EmailComposer composer,
      EmailSender sender,
      Clock clock) {
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
   * Processes one event body as the webhook enqueued it; its audit entry goes to {@code writes}, to
   * be written with {@link #writeBatch} once the batch is done.
   *
   * @return {@link Outcome#FAILED} when the event failed for good and was recorded as failed
   * @throws RuntimeException when a dependency failed; the event can be retried safely
   */
  public Outcome process(String payload, BatchWrites writes) {
    return process(payload, writes, false);
  }

  /**
   * @param retryOfFailed the event was recorded as failed and an operator retries it ({@code admin
   *     failed retry}): once it is applied with nothing failing, its failed item is cleared
   */
  public Outcome process(String payload, BatchWrites writes, boolean retryOfFailed) {
    EventEnvelope envelope;
    try {
      envelope = EventEnvelopeReader.read(payload);
    } catch (NotAStripeEventException e) {
      return unreadable(payload, e.getMessage(), retryOfFailed);
    }
    try (var ignored = MDC.putCloseable("eventId", envelope.id());
        var ignored2 = MDC.putCloseable("eventType", envelope.type())) {
      if (!HandledEventTypes.isHandled(envelope.type())) {
        log.debug("ignoring unhandled event type");
        finish(new EventRun(envelope, payload, writes), retryOfFailed);
        return Outcome.IGNORED;
      }
      EventRun run = new EventRun(envelope, payload, writes);
      Outcome outcome;
      try {
        outcome = resolveAndApply(run);
      } catch (PermanentFailureException e) {
        return failed(run, e);
      }
      finish(run, retryOfFailed);
      return outcome;
    }
  }

  /**
   * What one event's processing learned besides its outcome: its tenant and the emails that failed
   * for good.
   */
  private static final class EventRun {
    final EventEnvelope envelope;
    final String payload;
    final BatchWrites writes;
    String tenantId;
    final List<String> failedEmails = new ArrayList<>();
    final List<String> emailFailureReasons = new ArrayList<>();

    EventRun(EventEnvelope envelope, String payload, BatchWrites writes) {
      this.envelope = envelope;
      this.payload = payload;
      this.writes = writes;
    }

    synchronized void emailFailed(EmailKind kind, String reason) {
      failedEmails.add(kind.template());
      emailFailureReasons.add(kind.template() + ": " + reason);
    }

    /** For the audit entry: null when every email went out. */
    synchronized String emailFailureReason() {
      return emailFailureReasons.isEmpty()
          ? null
          : "email failed: " + String.join("; ", emailFailureReasons);
    }
  }

  /**
   * An applied event whose emails failed for good is recorded as failed at stage {@code email}, so
   * a retry sends them (the record write then finds the event stored, and the released claims can
   * be taken again); a retried event that went through is no longer failed.
   */
  private void finish(EventRun run, boolean retryOfFailed) {
    String reason = run.emailFailureReason();
    if (reason != null) {
      Instant now = clock.instant();
      store.recordFailure(
          new FailedEvent(
              run.envelope.id(),
              run.envelope.type(),
              run.envelope.customerId(),
              run.tenantId,
              FailedEvent.Stage.EMAIL,
              reason,
              run.failedEmails,
              now,
              now,
              1,
              keepable(run.payload)));
      log.warn(
          "record applied but an email failed for good; event recorded as failed (stage email): {}",
          reason);
    } else if (retryOfFailed) {
      store.clearFailure(run.envelope.id());
      log.info("retried failed event applied; no longer failed");
    }
  }

  /**
   * Records the event as failed for good; its audit entry says why, under the customer's tenant
   * when one is linked (looked up here if the failure came before tenant resolution: failures are
   * rare).
   */
  private Outcome failed(EventRun run, PermanentFailureException e) {
    Instant now = clock.instant();
    EventEnvelope envelope = run.envelope;
    if (run.tenantId == null && envelope.customerId() != null) {
      run.tenantId =
          knownTenants
              .get(envelope.customerId())
              .or(() -> store.lookup(envelope.customerId()).tenantId())
              .orElse(null);
    }
    store.recordFailure(
        new FailedEvent(
            envelope.id(),
            envelope.type(),
            envelope.customerId(),
            run.tenantId,
            FailedEvent.Stage.EVENT,
            e.reason(),
            List.of(),
            now,
            now,
            1,
            keepable(run.payload)));
    if (run.tenantId != null) {
      run.writes.add(
          new AuditEntry(
              run.tenantId,
              envelope.id(),
              envelope.type(),
              envelope.created(),
              Outcome.FAILED,
              now,
              e.reason()));
    }
    MDC.put("outcome", Outcome.FAILED.wireName());
    log.warn(
        "event failed for good ({}); recorded as failed, its customer's later events go on: {}",
        e.reason(),
        e.getMessage());
    return Outcome.FAILED;
  }

  /**
   * A body that is not a Stripe event has no event id: it is recorded under a digest of its bytes,
   * so a redelivery of the same body lands on the same failed item.
   */
  private Outcome unreadable(String payload, String problem, boolean retryOfFailed) {
    Instant now = clock.instant();
    String id = "unreadable-" + digest(payload);
    try (var ignored = MDC.putCloseable("eventId", id)) {
      store.recordFailure(
          new FailedEvent(
              id,
              null,
              null,
              null,
              FailedEvent.Stage.EVENT,
              "unreadable_payload",
              List.of(),
              now,
              now,
              1,
              keepable(payload)));
      MDC.put("outcome", Outcome.FAILED.wireName());
      log.warn(
          "message is not a Stripe event ({}); recorded as failed{}",
          problem,
          retryOfFailed ? " again (retried)" : "");
      return Outcome.FAILED;
    }
  }

  /** A DynamoDB item holds at most 400 KB: a larger payload is not kept (the failure still is). */
  private static String keepable(String payload) {
    return payload != null && payload.length() <= MAX_KEPT_PAYLOAD_CHARS ? payload : null;
  }

  private static final int MAX_KEPT_PAYLOAD_CHARS = 300_000;

  private static String digest(String payload) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(String.valueOf(payload).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /**
   * Writes what the batch's events left to its end; a failure here means the batch should be
   * retried.
   */
  public void writeBatch(BatchWrites writes) {
    if (!writes.isEmpty()) {
      store.writeBatch(writes.auditEntries(), writes.sentEmails());
    }
  }

  private Outcome resolveAndApply(EventRun run) {
    EventEnvelope envelope = run.envelope;
    String payload = run.payload;
    Event event = parse(payload);
    StripeObject object = dataObject(event, envelope);
    String customerId = envelope.customerId();
    Optional<String> known = customerId == null ? Optional.empty() : knownTenants.get(customerId);
    if (known.isPresent()) {
      run.tenantId = known.get();
      return applyFor(run, event, object);
    }
    BillingStore.CustomerLookup lookup =
        customerId == null
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
      store.park(
          new ParkedEvent(parkingKey, envelope.id(), envelope.type(), envelope.created(), payload),
          clock.instant());
      log.warn("no tenant known for customer yet; event parked");
      MDC.put("outcome", Outcome.PARKED.wireName());
      return Outcome.PARKED;
    }
    String tenantId = tenant.get();
    run.tenantId = tenantId;
    Outcome outcome = applyFor(run, event, object);
    // Events parked before the customer was linked (or left over from an interrupted replay).
    for (ParkedEvent parked : lookup.parked()) {
      replay(tenantId, parked, run.writes);
    }
    if (customerId != null) {
      knownTenants.put(customerId, tenantId);
    }
    return outcome;
  }

  /**
   * Applies an event parked before its customer was linked. One that fails for good is recorded as
   * failed (with its payload) and unparked like the others, so it never blocks the event replaying
   * it.
   */
  private void replay(String tenantId, ParkedEvent parked, BatchWrites writes) {
    try (var ignored = MDC.putCloseable("replayedEventId", parked.eventId())) {
      EventEnvelope envelope;
      try {
        envelope = readEnvelope(parked.payload());
      } catch (InvalidEventException e) {
        unreadable(parked.payload(), e.getMessage(), false);
        store.unpark(parked);
        return;
      }
      EventRun run = new EventRun(envelope, parked.payload(), writes);
      run.tenantId = tenantId;
      try {
        Event event = parse(parked.payload());
        applyFor(run, event, dataObject(event, envelope));
        finish(run, false);
      } catch (PermanentFailureException e) {
        failed(run, e);
      }
      store.unpark(parked);
    }
  }

  private Outcome applyFor(EventRun run, Event event, StripeObject object) {
    String tenantId = run.tenantId;
    EventEnvelope envelope = run.envelope;
    BatchWrites writes = run.writes;
    try (var ignored = MDC.putCloseable("tenantId", tenantId)) {
      EventVersion version = new EventVersion(envelope.created(), envelope.id());
      Outcome outcome =
          switch (object) {
            case Subscription sub -> applySubscription(run, event, sub, version);
            case Invoice invoice -> applyInvoice(run, invoice, version);
            case Session session -> applyCheckout(run, session, version);
            case Customer customer -> applyCustomer(tenantId, envelope, customer, version);
            case ActiveEntitlementSummary summary -> applyEntitlements(tenantId, summary, version);
            default -> {
              log.warn("event object type {} not handled", object.getClass().getSimpleName());
              yield Outcome.IGNORED;
            }
          };
      // The audit entry records the event's effect: a redelivery of an applied event stays
      // "applied".
      Outcome effect = outcome == Outcome.DUPLICATE ? Outcome.APPLIED : outcome;
      writes.add(
          new AuditEntry(
              tenantId,
              envelope.id(),
              envelope.type(),
              envelope.created(),
              effect,
              clock.instant(),
              run.emailFailureReason()));
      MDC.put("outcome", outcome.wireName());
      log.info("event processed");
      return outcome;
    }
  }

  // --- subscriptions ---

  private Outcome applySubscription(
      EventRun run, Event event, Subscription sub, EventVersion version) {
    String tenantId = run.tenantId;
    EventEnvelope envelope = run.envelope;
    Versioned<Subscription> written =
        saveVersioned(
            sub,
            s -> Projections.subscription(tenantId, s, catalog, version),
            store::saveSubscription,
            () -> stripe.subscription(sub.getId()));
    if (written.result() == WriteResult.STALE) {
      welcomeIfStillCurrent(run, sub);
      return Outcome.STALE;
    }
    Subscription current = written.object();
    SubscriptionRecord record = Projections.subscription(tenantId, current, catalog, version);
    // Emails below are claimed per key, so a redelivery (SAME) only sends what did not go out
    // before.
    String status = current.getStatus();
    if ("active".equals(status) || "trialing".equals(status)) {
      sendWelcome(run, current, record);
    }
    if (SUBSCRIPTION_TRIAL_WILL_END.equals(envelope.type())
        && "trialing".equals(status)
        && record.trialEnd() != null) {
      sendOnce(
          run,
          EmailKind.TRIAL_ENDING,
          EmailGuard.perEvent(envelope.id()),
          current.getCustomer(),
          null,
          () ->
              Map.of(
                  "planName", planName(record), "trialEndDate", Formats.date(record.trialEnd())));
    }
    if (SUBSCRIPTION_UPDATED.equals(envelope.type()) && cancellationJustScheduled(event, current)) {
      Instant end = record.cancelAt() != null ? record.cancelAt() : record.currentPeriodEnd();
      sendOnce(
          run,
          EmailKind.CANCELLATION_SCHEDULED,
          EmailGuard.perEvent(envelope.id()),
          current.getCustomer(),
          null,
          () ->
              Map.of(
                  "planName",
                  planName(record),
                  "endDate",
                  end == null ? "the end of the period" : Formats.date(end)));
    }
    if (SUBSCRIPTION_DELETED.equals(envelope.type())) {
      sendOnce(
          run,
          EmailKind.SUBSCRIPTION_ENDED,
          EmailGuard.perEvent(envelope.id()),
          current.getCustomer(),
          null,
          () ->
              Map.of(
                  "planName",
                  planName(record),
                  "paymentFailed",
                  "payment_failed".equals(record.cancellationReason())));
    }
    return written.outcome();
  }

  private void sendWelcome(EventRun run, Subscription sub, SubscriptionRecord record) {
    boolean trialing = "trialing".equals(record.status());
    sendOnce(
        run,
        EmailKind.WELCOME,
        welcomeGuard(sub.getId()),
        sub.getCustomer(),
        null,
        () ->
            Map.of(
                "planName",
                planName(record),
                "trialEndDate",
                trialing && record.trialEnd() != null ? Formats.date(record.trialEnd()) : false,
                "periodEndDate",
                record.currentPeriodEnd() == null
                    ? false
                    : Formats.date(record.currentPeriodEnd())));
  }

  /**
   * A stale event of a subscription still welcomes it when the stored, newer state is that same
   * subscription active or trialing: state refetched on the customer's return from Checkout (sync)
   * is newer than the events that follow, and the welcome must not depend on which arrived first.
   * Backfill marks the welcome of subscriptions that predate it as sent, so this never welcomes
   * them.
   */
  private void welcomeIfStillCurrent(EventRun run, Subscription sub) {
    if (!"active".equals(sub.getStatus()) && !"trialing".equals(sub.getStatus())) {
      return;
    }
    if (settledEmails.get(EmailKeys.welcome(sub.getId())).isPresent()) {
      return;
    }
    store
        .subscription(run.tenantId)
        .filter(stored -> sub.getId().equals(stored.subscriptionId()))
        .filter(stored -> "active".equals(stored.status()) || "trialing".equals(stored.status()))
        .ifPresent(stored -> sendWelcome(run, sub, stored));
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
    boolean periodEndTurnedOn =
        Boolean.TRUE.equals(sub.getCancelAtPeriodEnd())
            && Boolean.FALSE.equals(previous.get("cancel_at_period_end"));
    boolean cancelAtSet =
        sub.getCancelAt() != null
            && previous.containsKey("cancel_at")
            && previous.get("cancel_at") == null;
    return periodEndTurnedOn || cancelAtSet;
  }

  private String planName(SubscriptionRecord record) {
    return catalog.entry(record.planKey()).map(CatalogEntry::name).orElse("subscription");
  }

  // --- invoices ---

  private Outcome applyInvoice(EventRun run, Invoice invoice, EventVersion version) {
    String tenantId = run.tenantId;
    EventEnvelope envelope = run.envelope;
    Versioned<Invoice> written =
        saveVersioned(
            invoice,
            i -> Projections.invoice(tenantId, i, catalog, version),
            store::savePayment,
            () -> stripe.invoice(invoice.getId()));
    // Receipts describe money that moved, so they go out even when a newer event is already stored.
    if (INVOICE_PAID.equals(envelope.type())
        && invoice.getAmountPaid() != null
        && invoice.getAmountPaid() > 0) {
      sendOnce(
          run,
          EmailKind.INVOICE_RECEIPT,
          EmailGuard.perEvent(envelope.id()),
          invoice.getCustomer(),
          invoice.getCustomerEmail(),
          () ->
              Map.of(
                  "amount",
                  Formats.money(invoice.getAmountPaid(), invoice.getCurrency()),
                  "date",
                  Formats.date(Instant.ofEpochSecond(envelope.created())),
                  "hostedInvoiceUrl",
                  orFalse(invoice.getHostedInvoiceUrl()),
                  "planName",
                  planNameOf(invoice, tenantId)));
    }
    if (written.result() == WriteResult.STALE) {
      return Outcome.STALE;
    }
    Invoice current = written.object();
    if (INVOICE_PAYMENT_FAILED.equals(envelope.type()) && !"paid".equals(current.getStatus())) {
      sendOnce(
          run,
          EmailKind.PAYMENT_FAILED,
          EmailGuard.perEvent(envelope.id()),
          current.getCustomer(),
          current.getCustomerEmail(),
          () ->
              Map.of(
                  "amount",
                  Formats.money(current.getAmountDue(), current.getCurrency()),
                  "nextRetryDate",
                  current.getNextPaymentAttempt() == null
                      ? false
                      : Formats.date(Instant.ofEpochSecond(current.getNextPaymentAttempt())),
                  "hostedInvoiceUrl",
                  orFalse(current.getHostedInvoiceUrl())));
    }
    if (INVOICE_PAYMENT_ACTION_REQUIRED.equals(envelope.type())
        && !"paid".equals(current.getStatus())
        && current.getHostedInvoiceUrl() != null) {
      sendOnce(
          run,
          EmailKind.PAYMENT_ACTION_REQUIRED,
          EmailGuard.perEvent(envelope.id()),
          current.getCustomer(),
          current.getCustomerEmail(),
          () ->
              Map.of(
                  "amount",
                  Formats.money(current.getAmountDue(), current.getCurrency()),
                  "hostedInvoiceUrl",
                  current.getHostedInvoiceUrl()));
    }
    return written.outcome();
  }

  /**
   * The plan the invoice paid for, from its lines' prices (no read); the tenant's subscription
   * record only when no line names a catalog price.
   */
  private Object planNameOf(Invoice invoice, String tenantId) {
    if (invoice.getLines() != null && invoice.getLines().getData() != null) {
      for (InvoiceLineItem line : invoice.getLines().getData()) {
        String priceId =
            line.getPricing() == null || line.getPricing().getPriceDetails() == null
                ? null
                : line.getPricing().getPriceDetails().getPrice();
        Optional<CatalogEntry> entry =
            priceId == null ? Optional.empty() : catalog.byPriceId(priceId).map(m -> m.entry());
        if (entry.isPresent()) {
          return entry.get().name();
        }
      }
    }
    return store
        .subscription(tenantId)
        .flatMap(s -> catalog.entry(s.planKey()))
        .<Object>map(CatalogEntry::name)
        .orElse(false);
  }

  // --- checkout ---

  private Outcome applyCheckout(EventRun run, Session session, EventVersion version) {
    String tenantId = run.tenantId;
    EventEnvelope envelope = run.envelope;
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
      purchase =
          Projections.purchase(
              tenantId,
              fresh,
              item,
              Projections.purchaseStatus(CHECKOUT_COMPLETED, fresh),
              version);
      store.savePayment(purchase, true);
      status = purchase.status();
    }
    if ("paid".equals(status)) {
      long credits = item == null ? 0 : item.credits();
      if (credits > 0) {
        store.grantCredits(tenantId, session.getId(), credits, clock.instant());
      }
      String email =
          session.getCustomerDetails() == null ? null : session.getCustomerDetails().getEmail();
      PaymentRecord paid = purchase;
      sendOnce(
          run,
          EmailKind.PURCHASE_RECEIPT,
          EmailGuard.forever("purchase:" + session.getId()),
          session.getCustomer(),
          email,
          () ->
              Map.of(
                  "itemName",
                  paid.description(),
                  "amount",
                  Formats.money(paid.amount(), paid.currency()),
                  "date",
                  Formats.date(Instant.ofEpochSecond(envelope.created())),
                  "credits",
                  credits > 0 ? credits : false));
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

  private Outcome applyCustomer(
      String tenantId, EventEnvelope envelope, Customer customer, EventVersion version) {
    boolean deleted = CUSTOMER_DELETED.equals(envelope.type());
    Versioned<Customer> written =
        saveVersioned(
            customer,
            c -> Projections.customer(tenantId, c, deleted, version),
            store::saveCustomer,
            () -> deleted ? customer : stripe.customer(customer.getId()));
    return written.outcome();
  }

  private Outcome applyEntitlements(
      String tenantId, ActiveEntitlementSummary summary, EventVersion version) {
    List<String> keys =
        summary.getEntitlements() == null
            ? List.of()
            : summary.getEntitlements().getData().stream()
                .map(ActiveEntitlement::getLookupKey)
                .toList();
    WriteResult result =
        store.saveEntitlements(
            Projections.entitlements(tenantId, summary.getCustomer(), keys, version), false);
    if (result == WriteResult.TIE) {
      List<String> fresh = stripe.activeEntitlementLookupKeys(summary.getCustomer());
      store.saveEntitlements(
          Projections.entitlements(tenantId, summary.getCustomer(), fresh, version), true);
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
  private <T, R> Versioned<T> saveVersioned(
      T object,
      java.util.function.Function<T, R> project,
      BiFunction<R, Boolean, WriteResult> save,
      Supplier<T> refetch) {
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
   * Sends an email at most once per key. The key is claimed before sending (so concurrent consumers
   * of one event cannot both send) and marked sent right after SES accepted the message, with one
   * conditional write of the claimed guard: from then on no redelivery sends it again. A repeat is
   * only possible when the process dies (or the mark fails twice, see below) in the moment between
   * SES accepting and that write, and the claim's lease then runs out before a redelivery.
   *
   * <p>A transient send failure gives the claim back and fails the event, so its retry sends the
   * email (the record write finds the event stored). A permanent one (invalid or refused recipient,
   * Stripe 4xx while looking the recipient up) gives the claim back and marks the email failed on
   * the event ({@link EventRun#emailFailed}): the record stays applied. Keys of one event only need
   * to outlive redelivery; keys of a subscription or purchase (welcome, purchase receipt) are kept
   * for good.
   *
   * @param customerId the Stripe customer the email is about, to find its address when the event
   *     carries none
   * @param knownEmail the address the event itself names (invoice, checkout), or null
   */
  private void sendOnce(
      EventRun run,
      EmailKind kind,
      EmailGuard guard,
      String customerId,
      String knownEmail,
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
      Optional<String> to = recipient(run.tenantId, customerId, knownEmail);
      if (to.isEmpty()) {
        store.releaseEmail(key);
        run.emailFailed(kind, "no_valid_recipient");
        log.warn("no valid email address for the tenant; {} email not sent", kind.template());
        return;
      }
      sender.send(composer.compose(kind, to.get(), new HashMap<>(values.get())));
    } catch (PermanentFailureException e) {
      releaseAfterFailure(key, e);
      run.emailFailed(kind, e.reason());
      log.warn(
          "{} email failed for good ({}); the record stays applied", kind.template(), e.reason());
      return;
    } catch (RuntimeException e) {
      releaseAfterFailure(key, e);
      throw e;
    }
    BillingStore.SentEmail sent = new BillingStore.SentEmail(key, clock.instant(), guard.forever());
    try {
      store.markEmailSent(sent);
    } catch (RuntimeException markFailed) {
      // The claim still holds for its lease; the batch's end writes the mark as a second chance.
      log.warn(
          "marking the {} email sent failed; the batch's end writes the mark",
          kind.template(),
          markFailed);
      run.writes.add(sent);
    }
    settle(guard, key);
    log.info("email sent: {}", kind.template());
  }

  /**
   * Only kept-for-good keys come back (per-event keys only on redelivery); they alone are worth
   * caching.
   */
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

  /**
   * The first valid address ({@link Recipients}) of: the one the event names, the customer
   * record's, the Stripe customer's, the tenant's billing email. An invalid address is skipped,
   * never sent to; it is not logged (personal data).
   */
  private Optional<String> recipient(String tenantId, String customerIdHint, String knownEmail) {
    if (knownEmail != null) {
      Optional<String> valid = Recipients.parse(knownEmail);
      if (valid.isPresent()) {
        return valid;
      }
      log.warn("the event's recipient address is not one valid address; using the address on file");
    }
    Optional<CustomerRecord> customer = store.customer(tenantId);
    Optional<String> onFile = customer.map(CustomerRecord::email).flatMap(Recipients::parse);
    if (onFile.isPresent()) {
      return onFile;
    }
    Optional<String> customerId =
        customer
            .map(CustomerRecord::customerId)
            .or(() -> Optional.ofNullable(customerIdHint))
            .or(() -> store.subscription(tenantId).map(SubscriptionRecord::customerId));
    if (customerId.isPresent()) {
      Optional<String> fromStripe =
          Optional.ofNullable(stripe.customer(customerId.get()).getEmail())
              .flatMap(Recipients::parse);
      if (fromStripe.isPresent()) {
        return fromStripe;
      }
    }
    return store.tenantBillingEmail(tenantId).flatMap(Recipients::parse);
  }

  /**
   * What an email is sent at most once for: one event (the guard only needs to outlive redelivery)
   * or something lasting, like a subscription's welcome (kept for good).
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
   * The typed {@code data.object}; when the payload's API version differs from the SDK's, the
   * object cannot be typed safely and is refetched by id instead of guessed.
   */
  private StripeObject dataObject(Event event, EventEnvelope envelope) {
    Optional<StripeObject> typed = event.getDataObjectDeserializer().getObject();
    if (typed.isPresent()) {
      return typed.get();
    }
    log.info(
        "event API version {} cannot be typed by the SDK; refetching the object",
        event.getApiVersion());
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
