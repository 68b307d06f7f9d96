package app.billing.core.outbound;

/** The events this backend publishes to the host app; the wire name is EventBridge's DetailType. */
public enum OutboundType {
  SUBSCRIPTION_CHANGED("billing.subscription.changed"),
  ACCESS_CHANGED("billing.access.changed"),
  ENTITLEMENTS_CHANGED("billing.entitlements.changed"),
  PAYMENT_SUCCEEDED("billing.payment.succeeded"),
  PAYMENT_FAILED("billing.payment.failed"),
  PURCHASE_COMPLETED("billing.purchase.completed"),
  REFUND_CREATED("billing.refund.created");

  /** EventBridge {@code Source} of every event. */
  public static final String SOURCE = "stripe-billing-lambda";

  private final String detailType;

  OutboundType(String detailType) {
    this.detailType = detailType;
  }

  public String detailType() {
    return detailType;
  }
}
