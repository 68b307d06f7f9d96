package app.billing.provisioning.core;

import app.billing.core.catalog.Catalog;
import app.billing.core.email.EmailComposer;
import app.billing.core.event.EventEnvelope;
import app.billing.core.event.EventEnvelopeReader;
import app.billing.core.event.HandledEventTypes;
import app.billing.core.event.NotAStripeEventException;
import app.billing.core.log.LogKeys;
import app.billing.core.metrics.MetricNames;
import app.billing.core.metrics.Metrics;
import app.billing.core.model.AuditEntry;
import app.billing.core.model.EventVersion;
import app.billing.core.model.FailedEvent;
import app.billing.core.model.Outcome;
import app.billing.core.model.ParkedEvent;
import app.billing.core.port.BillingStore;
import app.billing.core.port.EmailSender;
import app.billing.core.provisioning.InvalidEventException;
import app.billing.core.provisioning.PermanentFailureException;
import app.billing.provisioning.core.port.StripeEventReads;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.model.entitlements.ActiveEntitlementSummary;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
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
  private final Clock clock;
  private final StripeObjects objects;
  private final TenantResolver tenants;
  private final Failures failures;
  private final SubscriptionApplier subscriptions;
  private final InvoiceApplier invoices;
  private final CheckoutApplier checkouts;
  private final CustomerApplier customers;
  private final EntitlementsApplier entitlements;
  private final Metrics metrics;
  private final TrustedLinks trust;
  private final ChargeApplier charges;

  public ProvisioningService(
      BillingStore store,
      StripeEventReads stripe,
      Catalog catalog,
      EmailComposer composer,
      EmailSender sender,
      TrustedLinks trust,
      Clock clock) {
    this(store, stripe, catalog, composer, sender, trust, clock, Metrics.NONE);
  }

  /** Counting events by type and outcome, emails, parked and failed events; the caller flushes. */
  public ProvisioningService(
      BillingStore store,
      StripeEventReads stripe,
      Catalog catalog,
      EmailComposer composer,
      EmailSender sender,
      TrustedLinks trust,
      Clock clock,
      Metrics metrics) {
    this.store = Objects.requireNonNull(store);
    this.metrics = Objects.requireNonNull(metrics);
    this.clock = Objects.requireNonNull(clock);
    Objects.requireNonNull(stripe);
    Objects.requireNonNull(catalog);
    EmailOnce emails = new EmailOnce(store, store, stripe, composer, sender, clock, metrics);
    PlanNames plans = new PlanNames(catalog, store);
    this.objects = new StripeObjects(stripe);
    this.trust = Objects.requireNonNull(trust);
    this.tenants = new TenantResolver(store, trust, clock);
    this.failures = new Failures(store, tenants, clock, metrics);
    this.subscriptions = new SubscriptionApplier(store, stripe, catalog, plans, emails);
    this.invoices = new InvoiceApplier(store, stripe, catalog, plans, emails);
    this.checkouts = new CheckoutApplier(store, store, stripe, catalog, emails, clock);
    this.customers = new CustomerApplier(store, stripe, trust.tenants());
    this.entitlements = new EntitlementsApplier(store, stripe);
    this.charges = ChargeApplier.wire(store, stripe, checkouts, invoices, emails, metrics, clock);
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
    Outcome outcome = processCounted(payload, writes, retryOfFailed);
    if (outcome == Outcome.PARKED) {
      metrics.count(MetricNames.EVENTS_PARKED);
    }
    return outcome;
  }

  private Outcome processCounted(String payload, BatchWrites writes, boolean retryOfFailed) {
    EventEnvelope envelope;
    try {
      envelope = EventEnvelopeReader.read(payload);
    } catch (NotAStripeEventException e) {
      return failures.unreadable(payload, e.getMessage(), retryOfFailed);
    }
    try (var ignored = MDC.putCloseable(LogKeys.EVENT_ID, envelope.id());
        var ignored2 = MDC.putCloseable(LogKeys.EVENT_TYPE, envelope.type())) {
      EventRun run = new EventRun(envelope, payload, writes);
      if (!trust.mode().accepts(envelope.livemode())) {
        // The other mode's data (a test event in live, or the reverse) never changes a record.
        MDC.put(LogKeys.OUTCOME, "other_mode");
        log.warn("event of the other Stripe mode skipped (deployment mode {})", trust.mode());
        failures.finish(run, retryOfFailed);
        return Outcome.IGNORED;
      }
      if (!HandledEventTypes.isHandled(envelope.type())) {
        log.debug("ignoring unhandled event type");
        failures.finish(run, retryOfFailed);
        return counted(envelope.type(), Outcome.IGNORED);
      }
      Outcome outcome;
      try {
        outcome = resolveAndApply(run);
      } catch (PermanentFailureException e) {
        return counted(envelope.type(), failures.failed(run, e));
      }
      failures.finish(run, retryOfFailed);
      return counted(envelope.type(), outcome);
    }
  }

  private Outcome counted(String eventType, Outcome outcome) {
    metrics.count(
        MetricNames.EVENTS_PROCESSED,
        Map.of(MetricNames.EVENT_TYPE, eventType, MetricNames.OUTCOME, outcome.wireName()));
    return outcome;
  }

  /**
   * Writes what the batch's events left to its end, then publishes the outbound events its record
   * changes owe; a failure here (the bus included) means the batch should be retried.
   */
  public void writeBatch(BatchWrites writes) {
    if (!writes.isEmpty()) {
      store.writeBatch(writes.auditEntries(), writes.sentEmails());
    }
    writes.publishOutbound();
  }

  private Outcome resolveAndApply(EventRun run) {
    Event event = StripeObjects.parse(run.payload);
    StripeObject object = objects.dataObject(event, run.envelope);
    run.envelope = objects.withChargeCustomer(run.envelope, object);
    TenantResolver.Resolution resolution = tenants.resolve(run.envelope, object, run.payload);
    if (resolution.isParked()) {
      MDC.put(LogKeys.OUTCOME, Outcome.PARKED.wireName());
      return Outcome.PARKED;
    }
    run.tenantId = resolution.tenantId();
    Outcome outcome = applyFor(run, event, object);
    if (!resolution.cached()) {
      // Events parked before the customer was linked (or left over from an interrupted replay).
      for (ParkedEvent parked : resolution.parked()) {
        replay(run.tenantId, parked, run.writes);
      }
      tenants.remember(run.envelope.customerId(), run.tenantId);
    }
    return outcome;
  }

  /**
   * Applies an event parked before its customer was linked. One that fails for good is recorded as
   * failed (with its payload) and unparked like the others, so it never blocks the event replaying
   * it.
   */
  private void replay(String tenantId, ParkedEvent parked, BatchWrites writes) {
    try (var ignored = MDC.putCloseable(LogKeys.REPLAYED_EVENT_ID, parked.eventId())) {
      EventEnvelope envelope;
      try {
        envelope = StripeObjects.envelope(parked.payload());
      } catch (InvalidEventException e) {
        failures.unreadable(parked.payload(), e.getMessage(), false);
        store.unpark(parked);
        return;
      }
      EventRun run = new EventRun(envelope, parked.payload(), writes);
      run.tenantId = tenantId;
      try {
        Event event = StripeObjects.parse(parked.payload());
        applyFor(run, event, objects.dataObject(event, envelope));
        failures.finish(run, false);
      } catch (PermanentFailureException e) {
        failures.failed(run, e);
      }
      store.unpark(parked);
    }
  }

  /** Dispatches on the object's type, then leaves the event's audit entry to the batch. */
  private Outcome applyFor(EventRun run, Event event, StripeObject object) {
    EventEnvelope envelope = run.envelope;
    try (var ignored = MDC.putCloseable(LogKeys.TENANT_ID, run.tenantId)) {
      EventVersion version = new EventVersion(envelope.created(), envelope.id());
      Outcome outcome =
          switch (object) {
            case Subscription sub -> subscriptions.apply(run, event, sub, version);
            case Invoice invoice -> invoices.apply(run, invoice, version);
            case Session session -> checkouts.apply(run, session, version);
            case Customer customer -> customers.apply(run, customer, version);
            case ActiveEntitlementSummary summary -> entitlements.apply(run, summary, version);
            case PaymentIntent intent -> checkouts.applyIntent(run, intent, version);
            default -> charges.apply(run, object, version);
          };
      // The audit entry records the event's effect: a redelivery of an applied event stays
      // "applied".
      Outcome effect = outcome == Outcome.DUPLICATE ? Outcome.APPLIED : outcome;
      run.writes.add(
          new AuditEntry(
              run.tenantId,
              envelope.id(),
              envelope.type(),
              envelope.created(),
              effect,
              clock.instant(),
              run.emailFailureReason()));
      MDC.put(LogKeys.OUTCOME, outcome.wireName());
      log.info("event processed");
      return outcome;
    }
  }
}
