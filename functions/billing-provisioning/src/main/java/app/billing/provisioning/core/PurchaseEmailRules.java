package app.billing.provisioning.core;

import static app.billing.core.event.HandledEventTypes.PAYMENT_INTENT_CANCELED;
import static app.billing.core.event.HandledEventTypes.REFUND_UPDATED;
import static app.billing.provisioning.core.EmailRule.orFalse;

import app.billing.core.email.EmailKind;
import app.billing.core.email.Formats;
import app.billing.core.model.PaymentRecord;
import com.stripe.model.Charge;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The emails of one-time purchases: receipts, refunds and manual capture (see {@link EmailRules}).
 */
final class PurchaseEmailRules {
  private PurchaseEmailRules() {}

  /** A paid one-time checkout, how many of the item it sold and the credits it granted. */
  record PurchaseFacts(
      EventRun run, Session session, PaymentRecord paid, long quantity, long credits)
      implements EmailRule.Facts {
    @Override
    public String customerId() {
      return session.getCustomer();
    }

    @Override
    public String knownEmail() {
      return session.getCustomerDetails() == null ? null : session.getCustomerDetails().getEmail();
    }
  }

  /** One receipt per paid one-time checkout, kept for good. */
  static final EmailRule<PurchaseFacts> PURCHASE_RECEIPT =
      new EmailRule<>(
          null,
          f -> true,
          EmailKind.PURCHASE_RECEIPT,
          f -> EmailGuard.forever("purchase:" + f.session().getId()),
          f ->
              Map.of(
                  "itemName",
                  f.quantity() > 1
                      ? f.paid().description() + " × " + f.quantity()
                      : f.paid().description(),
                  "amount",
                  Formats.money(f.paid().amount(), f.paid().currency()),
                  "date",
                  Formats.date(Instant.ofEpochSecond(f.run().envelope.created())),
                  "credits",
                  f.credits() > 0 ? f.credits() : false));

  /**
   * A refund of a payment: the refund, its charge (cumulative amounts, receipt), the payment record
   * after the refund and the purchase's credits taken back in total.
   */
  record RefundFacts(
      EventRun run, Refund refund, Charge charge, PaymentRecord payment, long creditsTakenBack)
      implements EmailRule.Facts {
    @Override
    public String customerId() {
      return charge.getCustomer();
    }

    @Override
    public String knownEmail() {
      if (charge.getReceiptEmail() != null) {
        return charge.getReceiptEmail();
      }
      return charge.getBillingDetails() == null ? null : charge.getBillingDetails().getEmail();
    }
  }

  /** One refund receipt per refund, once the money is on its way back. */
  static final EmailRule<RefundFacts> REFUND_RECEIPT =
      new EmailRule<>(
          REFUND_UPDATED,
          f -> "succeeded".equals(f.refund().getStatus()) && f.refund().getAmount() != null,
          EmailKind.REFUND_RECEIPT,
          f -> EmailGuard.forever("refund:" + f.refund().getId()),
          f ->
              Map.of(
                  "itemName",
                  f.payment().description() == null ? "your payment" : f.payment().description(),
                  "amount",
                  Formats.money(f.refund().getAmount(), f.refund().getCurrency()),
                  "paidAmount",
                  Formats.money(
                      f.charge().getAmount() == null
                          ? f.payment().amountPaid()
                          : f.charge().getAmount(),
                      f.refund().getCurrency()),
                  "date",
                  Formats.date(
                      Instant.ofEpochSecond(
                          f.refund().getCreated() != null
                              ? f.refund().getCreated()
                              : f.run().envelope.created())),
                  "creditsTakenBack",
                  f.creditsTakenBack() > 0 ? f.creditsTakenBack() : false,
                  "receiptUrl",
                  orFalse(f.charge().getReceiptUrl())));

  /**
   * A manual-capture purchase that is not paid: {@code current} is false when a newer event was
   * already applied; {@code expired} when Stripe released the authorization itself.
   */
  record AuthorizationFacts(
      EventRun run,
      Session session,
      PaymentRecord purchase,
      long quantity,
      long credits,
      boolean current,
      boolean expired)
      implements EmailRule.Facts {
    @Override
    public String customerId() {
      return session.getCustomer();
    }

    @Override
    public String knownEmail() {
      return session.getCustomerDetails() == null ? null : session.getCustomerDetails().getEmail();
    }

    String itemName() {
      return quantity > 1 ? purchase.description() + " × " + quantity : purchase.description();
    }
  }

  /**
   * One order-received email per authorized purchase (not from an authorization older than its
   * capture or release), and one email when the authorization is released.
   */
  static final List<EmailRule<AuthorizationFacts>> AUTHORIZATION =
      List.of(
          new EmailRule<>(
              null,
              f -> f.current() && Authorizations.AUTHORIZED.equals(f.purchase().status()),
              EmailKind.ORDER_RECEIVED,
              f -> EmailGuard.forever("purchase:" + f.session().getId()),
              f ->
                  Map.of(
                      "itemName",
                      f.itemName(),
                      "amount",
                      Formats.money(f.purchase().amount(), f.purchase().currency()),
                      "date",
                      Formats.date(Instant.ofEpochSecond(f.run().envelope.created())),
                      "credits",
                      f.credits() > 0 ? f.credits() : false)),
          new EmailRule<>(
              PAYMENT_INTENT_CANCELED,
              f -> Authorizations.CANCELED.equals(f.purchase().status()),
              EmailKind.AUTHORIZATION_CANCELED,
              f -> EmailGuard.forever("purchase:" + f.session().getId()),
              f ->
                  Map.of(
                      "itemName",
                      f.itemName(),
                      "amount",
                      Formats.money(f.purchase().amount(), f.purchase().currency()),
                      "date",
                      Formats.date(Instant.ofEpochSecond(f.run().envelope.created())),
                      "expired",
                      f.expired())));
}
