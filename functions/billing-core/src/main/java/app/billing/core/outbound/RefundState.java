package app.billing.core.outbound;

import app.billing.core.model.PaymentRecord;

/**
 * What {@code billing.refund.created} shows: the payment's refunded total (Stripe's {@code
 * charge.refunded} carries the cumulative amount, not each refund) and its status.
 */
public record RefundState(String paymentId, long amountRefunded, String currency, String status) {

  static RefundState of(PaymentRecord r) {
    return new RefundState(r.paymentId(), r.amountRefunded(), r.currency(), r.status());
  }
}
