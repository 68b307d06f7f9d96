package app.billing.core.checkout;

import java.util.Optional;

/**
 * A checkout a client asks for ({@code POST /billing/checkout}; {@code
 * app.billing.http.RequestBodies} reads it from the body). Clients name a catalog key, never a
 * Stripe price.
 *
 * @param plan a catalog key: a subscription plan or a one-time item
 * @param billingCycle {@code monthly} (default for plans), {@code yearly}, or {@code one_time}
 * @param quantity 1 to 100, default 1
 */
public record CheckoutRequest(
    String plan,
    Optional<String> billingCycle,
    Optional<String> successUrl,
    Optional<String> cancelUrl,
    long quantity) {

  public static final long MAX_QUANTITY = 100;
}
