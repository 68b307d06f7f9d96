package app.billing.core.outbound;

/** The fields of a refund the host app sees. Amount in minor units. */
public record RefundState(
    String refundId, String paymentId, long amount, String currency, String reason, String status) {

  static RefundState of(RefundRecord r) {
    return new RefundState(
        r.refundId(), r.paymentId(), r.amount(), r.currency(), r.reason(), r.status());
  }
}
