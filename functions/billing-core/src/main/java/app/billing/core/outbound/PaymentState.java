package app.billing.core.outbound;

import app.billing.core.model.PaymentRecord;

/** The fields of an invoice or one-time purchase the host app sees. Amounts in minor units. */
public record PaymentState(
    String paymentId,
    String kind,
    String status,
    long amount,
    long amountPaid,
    String currency,
    String description,
    String billingReason,
    String subscriptionId,
    String catalogKey) {

  static PaymentState of(PaymentRecord r) {
    return new PaymentState(
        r.paymentId(),
        r.kind().wireName(),
        r.status(),
        r.amount(),
        r.amountPaid(),
        r.currency(),
        r.description(),
        r.billingReason(),
        r.subscriptionId(),
        r.catalogKey());
  }
}
