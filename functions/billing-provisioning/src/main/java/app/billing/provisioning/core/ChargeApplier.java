package app.billing.provisioning.core;

import app.billing.core.metrics.MetricNames;
import app.billing.core.metrics.Metrics;
import app.billing.core.model.EventVersion;
import app.billing.core.model.Outcome;
import app.billing.core.model.PaymentRecord;
import app.billing.core.port.BillingStore;
import app.billing.core.port.Credits;
import app.billing.provisioning.core.ChargedPayments.Found;
import app.billing.provisioning.core.PurchaseEmailRules.RefundFacts;
import app.billing.provisioning.core.port.StripeEventReads;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Refund;
import com.stripe.model.StripeObject;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code charge.refunded}, {@code refund.updated} and {@code charge.dispute.*}: the refund and
 * dispute shown on the payment a charge paid, the credits a refunded or lost purchase takes back,
 * and the refund receipt.
 *
 * <p>Credits come back in proportion to the charge's cumulative refunded amount ({@link Refunds}),
 * as a cumulative total per purchase ({@link Credits#takeBackCredits}), so a redelivered or
 * reordered refund never takes twice. A lost dispute takes back everything, like a full refund;
 * while a dispute is open, credits and access stay (README, "Refunds and disputes").
 */
final class ChargeApplier {
  private static final Logger log = LoggerFactory.getLogger(ChargeApplier.class);

  private final ChargedPayments payments;
  private final PaymentFacts writer;
  private final Credits credits;
  private final StripeEventReads stripe;
  private final CheckoutApplier checkouts;
  private final EmailOnce emails;
  private final Metrics metrics;
  private final Clock clock;

  ChargeApplier(
      ChargedPayments payments,
      PaymentFacts writer,
      Credits credits,
      StripeEventReads stripe,
      CheckoutApplier checkouts,
      EmailOnce emails,
      Metrics metrics,
      Clock clock) {
    this.payments = payments;
    this.writer = writer;
    this.credits = credits;
    this.stripe = stripe;
    this.checkouts = checkouts;
    this.emails = emails;
    this.metrics = metrics;
    this.clock = clock;
  }

  static ChargeApplier wire(
      BillingStore store,
      StripeEventReads stripe,
      CheckoutApplier checkouts,
      InvoiceApplier invoices,
      EmailOnce emails,
      Metrics metrics,
      Clock clock) {
    ChargedPayments payments = new ChargedPayments(store, stripe, checkouts, invoices, clock);
    return new ChargeApplier(
        payments,
        new PaymentFacts(store, payments, clock),
        store,
        stripe,
        checkouts,
        emails,
        metrics,
        clock);
  }

  /** Charges, refunds and disputes; any other object is not handled. */
  Outcome apply(EventRun run, StripeObject object, EventVersion version) {
    return switch (object) {
      case Charge charge -> refunded(run, charge, version);
      case Refund refund -> refundUpdated(run, refund, version);
      case Dispute dispute -> dispute(run, dispute, version);
      default -> {
        log.warn("event object type {} not handled", object.getClass().getSimpleName());
        yield Outcome.IGNORED;
      }
    };
  }

  /** {@code charge.refunded}: the charge carries its cumulative refunded amount. */
  Outcome refunded(EventRun run, Charge charge, EventVersion version) {
    Optional<Found> found = payments.of(run, charge.getPaymentIntent());
    if (found.isEmpty()) {
      log.warn("refunded charge pays no payment we know; nothing to change");
      return Outcome.IGNORED;
    }
    Outcome outcome = writer.refunded(run, found.get().payment(), charge, version);
    takeBack(run, found.get(), charge, false);
    return outcome;
  }

  /**
   * {@code refund.updated}: the charge is read for the cumulative amount (a refund only knows its
   * own); the receipt goes out once the refund succeeded, once per refund id.
   */
  Outcome refundUpdated(EventRun run, Refund refund, EventVersion version) {
    if (refund.getCharge() == null) {
      return Outcome.IGNORED;
    }
    Charge charge = stripe.charge(refund.getCharge());
    Optional<Found> found = payments.of(run, charge.getPaymentIntent());
    if (found.isEmpty()) {
      log.warn("refund's charge pays no payment we know; nothing to change");
      return Outcome.IGNORED;
    }
    Outcome outcome = writer.refunded(run, found.get().payment(), charge, version);
    long taken = takeBack(run, found.get(), charge, false);
    PaymentRecord payment =
        payments.byId(run.tenantId, found.get().payment().paymentId()).orElseThrow();
    emails.send(
        PurchaseEmailRules.REFUND_RECEIPT, new RefundFacts(run, refund, charge, payment, taken));
    return outcome;
  }

  /** {@code charge.dispute.*}: the dispute's status on the payment; a lost one takes back. */
  Outcome dispute(EventRun run, Dispute dispute, EventVersion version) {
    Optional<Found> found = payments.of(run, dispute.getPaymentIntent());
    if (found.isEmpty()) {
      log.warn("disputed charge pays no payment we know; nothing to change");
      return Outcome.IGNORED;
    }
    PaymentRecord.Dispute shown =
        new PaymentRecord.Dispute(dispute.getId(), dispute.getStatus(), dispute.getReason());
    PaymentRecord.Dispute before = found.get().payment().dispute();
    Outcome outcome =
        writer.disputed(run, found.get().payment(), shown, dispute.getPaymentIntent(), version);
    // Counted by whichever of the dispute's events first shows it (they may come in any order).
    if (outcome == Outcome.APPLIED && (before == null || !before.id().equals(shown.id()))) {
      metrics.count(MetricNames.DISPUTES_OPENED);
    }
    if (shown.lost()) {
      takeBack(run, found.get(), stripe.charge(dispute.getCharge()), true);
    }
    return outcome;
  }

  /**
   * Takes back what the purchase's credits owe to the refunded (or lost) share of the charge.
   *
   * @return the purchase's credits taken back in total, for the receipt
   */
  private long takeBack(EventRun run, Found found, Charge charge, boolean lost) {
    PaymentRecord payment = found.payment();
    if (payment.kind() != PaymentRecord.Kind.PURCHASE) {
      return 0;
    }
    long amount = charge.getAmount() == null ? payment.amountPaid() : charge.getAmount();
    long refunded = charge.getAmountRefunded() == null ? 0 : charge.getAmountRefunded();
    if (!lost && refunded <= 0) {
      return 0;
    }
    long granted =
        checkouts.credits(
            found.session() != null
                ? found.session()
                : stripe.checkoutSession(payment.paymentId()));
    long total = lost ? granted : Refunds.takenBackAt(granted, amount, refunded);
    if (total > 0) {
      long debit =
          credits.takeBackCredits(run.tenantId, payment.paymentId(), total, clock.instant());
      log.info("credits taken back: {} (purchase total {})", debit, total);
    }
    return total;
  }
}
