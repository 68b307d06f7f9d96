package app.billing.provisioning.core;

import app.billing.core.model.EventVersion;
import app.billing.core.model.Outcome;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.WriteResult;
import app.billing.core.port.VersionedRecords;
import app.billing.core.recovery.RefetchVersion;
import com.stripe.model.Charge;
import java.time.Clock;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Writes what a charge's events add to a payment record (payment intent, receipt, refunded amount,
 * dispute) through the versioned write.
 *
 * <p>These facts only move forward: the refunded amount only grows, a dispute only moves from open
 * to under review to closed. So each event merges its fact into the stored record instead of
 * replacing it, and an event that arrives after a newer one (refused as stale) still adds what it
 * knows: the merge is written with the version of a refetch taken now, which wins over both events
 * and loses to any later one. A redelivery merges nothing new and writes nothing.
 */
final class PaymentFacts {
  private static final int ATTEMPTS = 3;

  private final VersionedRecords store;
  private final ChargedPayments payments;
  private final Clock clock;

  PaymentFacts(VersionedRecords store, ChargedPayments payments, Clock clock) {
    this.store = store;
    this.payments = payments;
    this.clock = clock;
  }

  Outcome refunded(EventRun run, PaymentRecord payment, Charge charge, EventVersion version) {
    long amount = charge.getAmount() == null ? payment.amountPaid() : charge.getAmount();
    long refunded = charge.getAmountRefunded() == null ? 0 : charge.getAmountRefunded();
    return merge(
        run,
        payment,
        version,
        p -> {
          long total = Math.max(p.amountRefunded(), refunded);
          String status = total > 0 ? Refunds.status(amount, total, p.status()) : p.status();
          return p.withCharge(
              status,
              first(p.paymentIntent(), charge.getPaymentIntent()),
              first(charge.getReceiptUrl(), p.receiptUrl()),
              total,
              p.dispute(),
              p.version());
        });
  }

  Outcome disputed(
      EventRun run,
      PaymentRecord payment,
      PaymentRecord.Dispute dispute,
      String paymentIntent,
      EventVersion version) {
    return merge(
        run,
        payment,
        version,
        p ->
            p.withCharge(
                p.status(),
                first(p.paymentIntent(), paymentIntent),
                p.receiptUrl(),
                p.amountRefunded(),
                later(p.dispute(), dispute),
                p.version()));
  }

  /** Reports every write to the run's outbound events ({@code billing.refund.created}). */
  private Outcome merge(
      EventRun run,
      PaymentRecord payment,
      EventVersion version,
      UnaryOperator<PaymentRecord> change) {
    PaymentRecord stored = payment;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      PaymentRecord merged = change.apply(stored);
      if (merged.equals(stored)) {
        // The record already shows this fact: a redelivery publishes what its write still owes.
        run.recorded(WriteResult.SAME, stored, stored);
        return Outcome.DUPLICATE;
      }
      EventVersion written = attempt == 0 ? version : RefetchVersion.of(clock.instant());
      PaymentRecord record = withVersion(merged, written);
      WriteResult result = store.savePayment(record, attempt > 0);
      if (result == WriteResult.WRITTEN || result == WriteResult.SAME) {
        run.recorded(result, stored, record);
        return result == WriteResult.WRITTEN ? Outcome.APPLIED : Outcome.DUPLICATE;
      }
      // Stale or a tie: another event wrote the record; merge into what it wrote.
      stored = payments.byId(run.tenantId, payment.paymentId()).orElse(stored);
    }
    throw new IllegalStateException("payment record kept changing while merging a charge fact");
  }

  /** The dispute to show: another dispute replaces it; the same one only moves forward. */
  static PaymentRecord.Dispute later(PaymentRecord.Dispute stored, PaymentRecord.Dispute event) {
    if (stored == null || !Objects.equals(stored.id(), event.id())) {
      return event;
    }
    return stage(event.status()) >= stage(stored.status()) ? event : stored;
  }

  private static int stage(String status) {
    if (status == null) {
      return 0;
    }
    if (status.endsWith("needs_response")) {
      return 1;
    }
    return status.endsWith("under_review") ? 2 : 3;
  }

  private static PaymentRecord withVersion(PaymentRecord p, EventVersion version) {
    return p.withCharge(
        p.status(), p.paymentIntent(), p.receiptUrl(), p.amountRefunded(), p.dispute(), version);
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }
}
