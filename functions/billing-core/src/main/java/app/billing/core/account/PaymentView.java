package app.billing.core.account;

import app.billing.core.model.PaymentRecord;
import com.google.gson.annotations.SerializedName;

/**
 * One line of {@code GET /billing/payments}.
 *
 * @param id the invoice id ({@code in_...}) or checkout session id ({@code cs_...})
 * @param type {@code invoice} or {@code purchase}
 * @param amount minor units: amount due for invoices, total for purchases
 * @param amountPaid minor units
 * @param hostedInvoiceUrl Stripe's hosted invoice page; null for purchases
 * @param invoicePdf the invoice PDF; null for purchases
 * @param receiptUrl the charge's receipt page, when known
 * @param paymentIntent the payment intent ({@code pi_...}) that paid it, when known
 * @param amountRefunded minor units refunded so far (status {@code refunded} or {@code
 *     partially_refunded} once above 0)
 * @param dispute the latest chargeback, or null when there is none
 */
public record PaymentView(
    @SerializedName("id") String id,
    @SerializedName("type") String type,
    @SerializedName("amount") long amount,
    @SerializedName("amount_paid") long amountPaid,
    @SerializedName("currency") String currency,
    @SerializedName("status") String status,
    @SerializedName("description") String description,
    @SerializedName("created") String created,
    @SerializedName("hosted_invoice_url") String hostedInvoiceUrl,
    @SerializedName("invoice_pdf") String invoicePdf,
    @SerializedName("receipt_url") String receiptUrl,
    @SerializedName("payment_intent") String paymentIntent,
    @SerializedName("amount_refunded") long amountRefunded,
    @SerializedName("dispute") DisputeView dispute) {

  /**
   * A chargeback on the payment.
   *
   * @param status Stripe's dispute status: {@code needs_response}, {@code under_review}, {@code
   *     won}, {@code lost}, …
   * @param reason Stripe's dispute reason, e.g. {@code fraudulent}
   */
  public record DisputeView(
      @SerializedName("status") String status, @SerializedName("reason") String reason) {}

  public static PaymentView of(PaymentRecord p) {
    return new PaymentView(
        p.paymentId(),
        p.kind() == null ? null : p.kind().wireName(),
        p.amount(),
        p.amountPaid(),
        p.currency(),
        p.status(),
        p.description(),
        Iso.format(p.created()),
        p.hostedUrl(),
        p.pdfUrl(),
        p.receiptUrl(),
        p.paymentIntent(),
        p.amountRefunded(),
        p.dispute() == null ? null : new DisputeView(p.dispute().status(), p.dispute().reason()));
  }
}
