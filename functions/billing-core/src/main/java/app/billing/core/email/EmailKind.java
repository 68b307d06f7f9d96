package app.billing.core.email;

/** The emails customers get; each has {@code emails/<template>.{subject,txt,html}.mustache}. */
public enum EmailKind {
  WELCOME("welcome"),
  PURCHASE_RECEIPT("purchase-receipt"),
  INVOICE_RECEIPT("invoice-receipt"),
  PAYMENT_FAILED("payment-failed"),
  PAYMENT_ACTION_REQUIRED("payment-action-required"),
  TRIAL_ENDING("trial-ending"),
  CANCELLATION_SCHEDULED("cancellation-scheduled"),
  SUBSCRIPTION_ENDED("subscription-ended"),
  ORDER_RECEIVED("order-received"),
  AUTHORIZATION_CANCELED("authorization-canceled"),
  REFUND_RECEIPT("refund-receipt");

  private final String template;

  EmailKind(String template) {
    this.template = template;
  }

  public String template() {
    return template;
  }
}
