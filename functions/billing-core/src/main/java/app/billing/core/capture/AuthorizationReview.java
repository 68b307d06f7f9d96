package app.billing.core.capture;

import app.billing.core.error.ConflictException;
import app.billing.core.error.NotFoundException;
import app.billing.core.model.PaymentRecord;
import app.billing.core.port.PaymentCaptures;
import app.billing.core.port.VersionedRecords;
import java.util.Objects;

/**
 * The operator's end of manual capture: an {@code authorized} purchase of the tenant is captured
 * (it becomes {@code paid} once provisioning applies {@code payment_intent.succeeded}) or its
 * authorization released ({@code canceled}, from {@code payment_intent.canceled}). The record
 * changes only through those events, so the command and a webhook can never disagree.
 */
public final class AuthorizationReview {
  private final VersionedRecords records;
  private final PaymentCaptures stripe;

  public AuthorizationReview(VersionedRecords records, PaymentCaptures stripe) {
    this.records = Objects.requireNonNull(records);
    this.stripe = Objects.requireNonNull(stripe);
  }

  /** What Stripe did: the purchase, its payment intent, and the intent's status now. */
  public record Done(String purchaseId, String paymentIntentId, String status) {}

  public Done capture(String tenantId, String purchaseId) {
    String intent = authorizedIntent(tenantId, purchaseId);
    return new Done(purchaseId, intent, stripe.capture(intent, key(purchaseId, "capture")));
  }

  public Done cancel(String tenantId, String purchaseId) {
    String intent = authorizedIntent(tenantId, purchaseId);
    return new Done(purchaseId, intent, stripe.cancel(intent, key(purchaseId, "cancel")));
  }

  /**
   * One key per purchase and operation: a repeated command (or one retried after a timeout) is the
   * same request to Stripe, and capture and cancel of one purchase never share a key.
   */
  static String key(String purchaseId, String operation) {
    return "purchase:" + purchaseId + ":" + operation;
  }

  private String authorizedIntent(String tenantId, String purchaseId) {
    PaymentRecord purchase =
        records.payments(tenantId).stream()
            .filter(p -> p.kind() == PaymentRecord.Kind.PURCHASE)
            .filter(p -> p.paymentId().equals(purchaseId))
            .findFirst()
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "purchase_not_found",
                        "tenant " + tenantId + " has no purchase " + purchaseId + "."));
    if (!"authorized".equals(purchase.status())) {
      throw new ConflictException(
          "purchase_not_authorized",
          "purchase "
              + purchaseId
              + " is "
              + purchase.status()
              + "; only an authorized purchase (manual capture, card on hold) can be captured"
              + " or released.");
    }
    return stripe
        .paymentIntentOfSession(purchaseId)
        .orElseThrow(
            () ->
                new ConflictException(
                    "no_payment_intent",
                    "checkout session " + purchaseId + " has no payment intent in Stripe."));
  }
}
