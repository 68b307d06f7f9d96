package app.billing.core.model;

import java.time.Instant;

/**
 * A charge the tenant sees in its payment history: a subscription invoice or a one-time purchase.
 *
 * @param paymentId the invoice id ({@code in_...}) or the checkout session id ({@code cs_...})
 * @param amount in the currency's minor unit: amount due for invoices, total for purchases
 * @param amountPaid what has been paid, minor units
 * @param status invoice status (draft, open, paid, void, uncollectible) or purchase status
 *     (pending, paid, failed)
 * @param catalogKey the plan or item bought, when known
 * @param paymentIntent the payment intent ({@code pi_...}) that paid it, when known
 * @param receiptUrl the charge's receipt page, when known
 * @param amountRefunded refunded so far, minor units; the status then says {@code refunded} or
 *     {@code partially_refunded}
 * @param dispute the charge's latest dispute, or null
 */
public record PaymentRecord(
    String tenantId,
    String paymentId,
    Kind kind,
    String customerId,
    long amount,
    long amountPaid,
    String currency,
    String status,
    String description,
    Instant created,
    String hostedUrl,
    String pdfUrl,
    String billingReason,
    String subscriptionId,
    String catalogKey,
    EventVersion version,
    String paymentIntent,
    String receiptUrl,
    long amountRefunded,
    Dispute dispute) {

  public static final String REFUNDED = "refunded";
  public static final String PARTIALLY_REFUNDED = "partially_refunded";

  /** A record with no payment intent, receipt, refund or dispute known yet. */
  public PaymentRecord(
      String tenantId,
      String paymentId,
      Kind kind,
      String customerId,
      long amount,
      long amountPaid,
      String currency,
      String status,
      String description,
      Instant created,
      String hostedUrl,
      String pdfUrl,
      String billingReason,
      String subscriptionId,
      String catalogKey,
      EventVersion version) {
    this(
        tenantId,
        paymentId,
        kind,
        customerId,
        amount,
        amountPaid,
        currency,
        status,
        description,
        created,
        hostedUrl,
        pdfUrl,
        billingReason,
        subscriptionId,
        catalogKey,
        version,
        null,
        null,
        0,
        null);
  }

  /**
   * A chargeback: Stripe's dispute id, status ({@code warning_needs_response}, {@code
   * needs_response}, {@code under_review}, {@code won}, {@code lost}, …) and reason ({@code
   * fraudulent}, {@code product_not_received}, …).
   */
  public record Dispute(String id, String status, String reason) {
    /** Lost for good: the money went back to the card holder. */
    public boolean lost() {
      return "lost".equals(status);
    }
  }

  /** The same payment with its charge facts (payment intent, receipt, refunds, dispute) set. */
  public PaymentRecord withCharge(
      String status,
      String paymentIntent,
      String receiptUrl,
      long amountRefunded,
      Dispute dispute,
      EventVersion version) {
    return new PaymentRecord(
        tenantId,
        paymentId,
        kind,
        customerId,
        amount,
        amountPaid,
        currency,
        status,
        description,
        created,
        hostedUrl,
        pdfUrl,
        billingReason,
        subscriptionId,
        catalogKey,
        version,
        paymentIntent,
        receiptUrl,
        amountRefunded,
        dispute);
  }

  public enum Kind {
    INVOICE,
    PURCHASE;

    public String wireName() {
      return name().toLowerCase();
    }
  }
}
