package app.billing.core.port;

/**
 * The Stripe writes of manual capture: capture or release a checkout's authorized payment intent.
 * Each call takes a deterministic idempotency key, so a repeated command is one operation in
 * Stripe.
 */
public interface PaymentCaptures {

  /** The payment intent of a checkout session ({@code cs_...}), empty when it has none. */
  java.util.Optional<String> paymentIntentOfSession(String checkoutSessionId);

  /**
   * Captures the whole authorized amount.
   *
   * @return the payment intent's status afterwards ({@code succeeded})
   */
  String capture(String paymentIntentId, String idempotencyKey);

  /**
   * Releases the authorization.
   *
   * @return the payment intent's status afterwards ({@code canceled})
   */
  String cancel(String paymentIntentId, String idempotencyKey);
}
