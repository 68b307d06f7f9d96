package app.billing.core.checkout;

/**
 * @param checkoutUrl the Stripe-hosted page to send the browser to
 */
public record CheckoutResult(String checkoutUrl, String sessionId) {}
