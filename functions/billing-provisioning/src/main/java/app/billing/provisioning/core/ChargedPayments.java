package app.billing.provisioning.core;

import app.billing.core.model.PaymentRecord;
import app.billing.core.port.VersionedRecords;
import app.billing.core.recovery.RefetchVersion;
import app.billing.provisioning.core.port.StripeEventReads;
import com.stripe.model.checkout.Session;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Finds the payment record a charge paid: by its payment intent among the tenant's records, else
 * (the charge's event came first, or the record predates payment intents on records) through the
 * checkout session of that payment intent, else through the invoice it paid (Stripe's Invoice
 * Payments; invoice payloads rarely list their payments). A purchase or invoice whose own event has
 * not arrived is refetched from Stripe and applied like its own event (record, credits, receipt),
 * so a refund or dispute always finds the payment it changes.
 */
final class ChargedPayments {
  private final VersionedRecords store;
  private final StripeEventReads stripe;
  private final CheckoutApplier checkouts;
  private final InvoiceApplier invoices;
  private final Clock clock;

  ChargedPayments(
      VersionedRecords store,
      StripeEventReads stripe,
      CheckoutApplier checkouts,
      InvoiceApplier invoices,
      Clock clock) {
    this.store = store;
    this.stripe = stripe;
    this.checkouts = checkouts;
    this.invoices = invoices;
    this.clock = clock;
  }

  /** The payment and, for a purchase, its checkout session when it had to be read. */
  record Found(PaymentRecord payment, Session session) {}

  Optional<Found> of(EventRun run, String paymentIntentId) {
    if (paymentIntentId == null) {
      return Optional.empty();
    }
    Optional<PaymentRecord> stored = byIntent(run.tenantId, paymentIntentId);
    if (stored.isPresent()) {
      return Optional.of(new Found(stored.get(), null));
    }
    var fetchedAt = clock.instant();
    Optional<Session> session = stripe.checkoutSessionOfPaymentIntent(paymentIntentId);
    if (session.isEmpty()) {
      return invoicePaidBy(run, paymentIntentId, fetchedAt);
    }
    Optional<PaymentRecord> purchase = byId(run.tenantId, session.get().getId());
    if (purchase.isEmpty()) {
      // The purchase's own event has not arrived: apply the session as Stripe has it now, with a
      // version that loses to any later event (its own included), so its credits are granted
      // before any are taken back.
      checkouts.apply(run, session.get(), RefetchVersion.of(fetchedAt));
      purchase = byId(run.tenantId, session.get().getId());
    }
    return purchase.map(p -> new Found(p, session.get()));
  }

  /**
   * The invoice the payment intent paid; the charge's fact then records the intent on it, so later
   * events find it among the records.
   */
  private Optional<Found> invoicePaidBy(EventRun run, String paymentIntentId, Instant fetchedAt) {
    Optional<String> invoiceId = stripe.invoiceOfPaymentIntent(paymentIntentId);
    if (invoiceId.isEmpty()) {
      return Optional.empty();
    }
    Optional<PaymentRecord> invoice = byId(run.tenantId, invoiceId.get());
    if (invoice.isEmpty()) {
      // As for a purchase: the invoice's own event wins over this refetch whenever it comes.
      invoices.apply(run, stripe.invoice(invoiceId.get()), RefetchVersion.of(fetchedAt));
      invoice = byId(run.tenantId, invoiceId.get());
    }
    return invoice.map(p -> new Found(p, null));
  }

  Optional<PaymentRecord> byId(String tenantId, String paymentId) {
    return store.payments(tenantId).stream()
        .filter(p -> paymentId.equals(p.paymentId()))
        .findFirst();
  }

  private Optional<PaymentRecord> byIntent(String tenantId, String paymentIntentId) {
    return store.payments(tenantId).stream()
        .filter(p -> paymentIntentId.equals(p.paymentIntent()))
        .findFirst();
  }
}
