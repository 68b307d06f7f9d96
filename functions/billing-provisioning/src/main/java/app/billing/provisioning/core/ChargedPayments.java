package app.billing.provisioning.core;

import app.billing.core.model.PaymentRecord;
import app.billing.core.port.VersionedRecords;
import app.billing.core.recovery.RefetchVersion;
import app.billing.provisioning.core.port.StripeEventReads;
import com.stripe.model.checkout.Session;
import java.time.Clock;
import java.util.Optional;

/**
 * Finds the payment record a charge paid: by its payment intent among the tenant's records, else
 * (the charge's event came first, or the record predates payment intents on records) through the
 * checkout session of that payment intent, refetched from Stripe and applied like its own event
 * (record, credits, receipt), so a refund or dispute always finds the purchase it changes.
 */
final class ChargedPayments {
  private final VersionedRecords store;
  private final StripeEventReads stripe;
  private final CheckoutApplier checkouts;
  private final Clock clock;

  ChargedPayments(
      VersionedRecords store, StripeEventReads stripe, CheckoutApplier checkouts, Clock clock) {
    this.store = store;
    this.stripe = stripe;
    this.checkouts = checkouts;
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
      return Optional.empty();
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
