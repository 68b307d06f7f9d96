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
    EventVersion version) {

  public enum Kind {
    INVOICE,
    PURCHASE;

    public String wireName() {
      return name().toLowerCase();
    }
  }
}
