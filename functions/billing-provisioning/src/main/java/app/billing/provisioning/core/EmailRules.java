package app.billing.provisioning.core;

import static app.billing.core.event.HandledEventTypes.INVOICE_PAID;
import static app.billing.core.event.HandledEventTypes.INVOICE_PAYMENT_ACTION_REQUIRED;
import static app.billing.core.event.HandledEventTypes.INVOICE_PAYMENT_FAILED;
import static app.billing.core.event.HandledEventTypes.SUBSCRIPTION_DELETED;
import static app.billing.core.event.HandledEventTypes.SUBSCRIPTION_TRIAL_WILL_END;
import static app.billing.core.event.HandledEventTypes.SUBSCRIPTION_UPDATED;
import static app.billing.provisioning.core.EmailRule.orFalse;

import app.billing.core.email.EmailKind;
import app.billing.core.email.Formats;
import app.billing.core.model.SubscriptionRecord;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Every email provisioning sends: for which event, when, under which guard, with which values. */
final class EmailRules {
  private EmailRules() {}

  /** A subscription event; {@code record} is the projection of {@code subscription}. */
  record SubscriptionFacts(
      EventRun run,
      Event event,
      Subscription subscription,
      SubscriptionRecord record,
      PlanNames plans)
      implements EmailRule.Facts {
    @Override
    public String customerId() {
      return subscription.getCustomer();
    }

    @Override
    public String knownEmail() {
      return null;
    }

    String planName() {
      return plans.of(record);
    }
  }

  /** An invoice event: the event's invoice, or the current one after the write. */
  record InvoiceFacts(EventRun run, Invoice invoice, PlanNames plans) implements EmailRule.Facts {
    @Override
    public String customerId() {
      return invoice.getCustomer();
    }

    @Override
    public String knownEmail() {
      return invoice.getCustomerEmail();
    }

    boolean unpaid() {
      return !"paid".equals(invoice.getStatus());
    }
  }

  /**
   * One welcome per subscription, whatever event first shows it active or trialing (a stale one
   * too: {@link SubscriptionApplier}).
   */
  static final EmailRule<SubscriptionFacts> WELCOME =
      new EmailRule<>(
          null,
          f -> activeOrTrialing(f.subscription().getStatus()),
          EmailKind.WELCOME,
          f -> EmailGuard.welcome(f.subscription().getId()),
          f ->
              Map.of(
                  "planName",
                  f.planName(),
                  "trialEndDate",
                  "trialing".equals(f.record().status()) && f.record().trialEnd() != null
                      ? Formats.date(f.record().trialEnd())
                      : false,
                  "periodEndDate",
                  f.record().currentPeriodEnd() == null
                      ? false
                      : Formats.date(f.record().currentPeriodEnd())));

  /** Sent in this order for a subscription event that was applied (or redelivered). */
  static final List<EmailRule<SubscriptionFacts>> SUBSCRIPTION =
      List.of(
          WELCOME,
          new EmailRule<>(
              SUBSCRIPTION_TRIAL_WILL_END,
              f -> "trialing".equals(f.subscription().getStatus()) && f.record().trialEnd() != null,
              EmailKind.TRIAL_ENDING,
              f -> EmailGuard.perEvent(f.run().envelope.id()),
              f ->
                  Map.of(
                      "planName",
                      f.planName(),
                      "trialEndDate",
                      Formats.date(f.record().trialEnd()))),
          new EmailRule<>(
              SUBSCRIPTION_UPDATED,
              f -> Cancellations.justScheduled(f.event(), f.subscription()),
              EmailKind.CANCELLATION_SCHEDULED,
              f -> EmailGuard.perEvent(f.run().envelope.id()),
              f -> {
                Instant end =
                    f.record().cancelAt() != null
                        ? f.record().cancelAt()
                        : f.record().currentPeriodEnd();
                return Map.of(
                    "planName",
                    f.planName(),
                    "endDate",
                    end == null ? "the end of the period" : Formats.date(end));
              }),
          new EmailRule<>(
              SUBSCRIPTION_DELETED,
              f -> true,
              EmailKind.SUBSCRIPTION_ENDED,
              f -> EmailGuard.perEvent(f.run().envelope.id()),
              f ->
                  Map.of(
                      "planName",
                      f.planName(),
                      "paymentFailed",
                      "payment_failed".equals(f.record().cancellationReason()))));

  /** Receipts describe money that moved: sent from the event's invoice, even when it is stale. */
  static final List<EmailRule<InvoiceFacts>> INVOICE_ANY_ORDER =
      List.of(
          new EmailRule<>(
              INVOICE_PAID,
              f -> f.invoice().getAmountPaid() != null && f.invoice().getAmountPaid() > 0,
              EmailKind.INVOICE_RECEIPT,
              f -> EmailGuard.perEvent(f.run().envelope.id()),
              f ->
                  Map.of(
                      "amount",
                      Formats.money(f.invoice().getAmountPaid(), f.invoice().getCurrency()),
                      "date",
                      Formats.date(Instant.ofEpochSecond(f.run().envelope.created())),
                      "hostedInvoiceUrl",
                      orFalse(f.invoice().getHostedInvoiceUrl()),
                      "planName",
                      f.plans().of(f.invoice(), f.run().tenantId))));

  /** Asks for payment: only from the current invoice (not after a newer event), if still unpaid. */
  static final List<EmailRule<InvoiceFacts>> INVOICE_CURRENT =
      List.of(
          new EmailRule<>(
              INVOICE_PAYMENT_FAILED,
              InvoiceFacts::unpaid,
              EmailKind.PAYMENT_FAILED,
              f -> EmailGuard.perEvent(f.run().envelope.id()),
              f ->
                  Map.of(
                      "amount",
                      Formats.money(f.invoice().getAmountDue(), f.invoice().getCurrency()),
                      "nextRetryDate",
                      f.invoice().getNextPaymentAttempt() == null
                          ? false
                          : Formats.date(
                              Instant.ofEpochSecond(f.invoice().getNextPaymentAttempt())),
                      "hostedInvoiceUrl",
                      orFalse(f.invoice().getHostedInvoiceUrl()))),
          new EmailRule<>(
              INVOICE_PAYMENT_ACTION_REQUIRED,
              f -> f.unpaid() && f.invoice().getHostedInvoiceUrl() != null,
              EmailKind.PAYMENT_ACTION_REQUIRED,
              f -> EmailGuard.perEvent(f.run().envelope.id()),
              f ->
                  Map.of(
                      "amount",
                      Formats.money(f.invoice().getAmountDue(), f.invoice().getCurrency()),
                      "hostedInvoiceUrl",
                      f.invoice().getHostedInvoiceUrl())));

  static boolean activeOrTrialing(String status) {
    return "active".equals(status) || "trialing".equals(status);
  }
}
