package app.billing.core.event;

import java.util.Set;

/** The Stripe event types this backend acts on. The webhook enqueues only these. */
public final class HandledEventTypes {
  public static final String CHECKOUT_COMPLETED = "checkout.session.completed";
  public static final String CHECKOUT_ASYNC_SUCCEEDED = "checkout.session.async_payment_succeeded";
  public static final String CHECKOUT_ASYNC_FAILED = "checkout.session.async_payment_failed";
  public static final String SUBSCRIPTION_CREATED = "customer.subscription.created";
  public static final String SUBSCRIPTION_UPDATED = "customer.subscription.updated";
  public static final String SUBSCRIPTION_DELETED = "customer.subscription.deleted";
  public static final String SUBSCRIPTION_PAUSED = "customer.subscription.paused";
  public static final String SUBSCRIPTION_RESUMED = "customer.subscription.resumed";
  public static final String SUBSCRIPTION_TRIAL_WILL_END = "customer.subscription.trial_will_end";
  public static final String INVOICE_PAID = "invoice.paid";
  public static final String INVOICE_PAYMENT_FAILED = "invoice.payment_failed";
  public static final String INVOICE_PAYMENT_ACTION_REQUIRED = "invoice.payment_action_required";
  // Lifecycle events: they only update the invoice's payment record (no email of their own).
  public static final String INVOICE_FINALIZED = "invoice.finalized";
  public static final String INVOICE_VOIDED = "invoice.voided";
  public static final String INVOICE_MARKED_UNCOLLECTIBLE = "invoice.marked_uncollectible";
  public static final String INVOICE_PAYMENT_SUCCEEDED = "invoice.payment_succeeded";
  public static final String CUSTOMER_UPDATED = "customer.updated";
  public static final String CUSTOMER_DELETED = "customer.deleted";
  public static final String ENTITLEMENTS_UPDATED =
      "entitlements.active_entitlement_summary.updated";

  public static final Set<String> ALL =
      Set.of(
          CHECKOUT_COMPLETED,
          CHECKOUT_ASYNC_SUCCEEDED,
          CHECKOUT_ASYNC_FAILED,
          SUBSCRIPTION_CREATED,
          SUBSCRIPTION_UPDATED,
          SUBSCRIPTION_DELETED,
          SUBSCRIPTION_PAUSED,
          SUBSCRIPTION_RESUMED,
          SUBSCRIPTION_TRIAL_WILL_END,
          INVOICE_PAID,
          INVOICE_PAYMENT_FAILED,
          INVOICE_PAYMENT_ACTION_REQUIRED,
          INVOICE_FINALIZED,
          INVOICE_VOIDED,
          INVOICE_MARKED_UNCOLLECTIBLE,
          INVOICE_PAYMENT_SUCCEEDED,
          CUSTOMER_UPDATED,
          CUSTOMER_DELETED,
          ENTITLEMENTS_UPDATED);

  private HandledEventTypes() {}

  public static boolean isHandled(String type) {
    return type != null && ALL.contains(type);
  }
}
