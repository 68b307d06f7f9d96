package app.billing.core.checkout;

import app.billing.core.http.JsonBody;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code POST /billing/checkout}. Clients name a catalog key, never a Stripe price: any
 * other field ({@code price}, {@code price_id}, {@code line_items}, {@code customer}, a tenant id,
 * ...) is refused with 400.
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

  public static final Set<String> FIELDS =
      Set.of("plan", "billing_cycle", "success_url", "cancel_url", "quantity");
  public static final long MAX_QUANTITY = 100;

  /**
   * @throws app.billing.core.error.ValidationException for malformed JSON, unknown fields or bad
   *     values
   */
  public static CheckoutRequest fromJson(String body) {
    JsonBody json = JsonBody.parse(body, FIELDS);
    return new CheckoutRequest(
        json.requiredString("plan"),
        json.optionalString("billing_cycle"),
        json.optionalString("success_url"),
        json.optionalString("cancel_url"),
        json.optionalInteger("quantity", 1, MAX_QUANTITY).orElse(1L));
  }
}
