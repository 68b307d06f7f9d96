package app.billing.core.catalog;

/**
 * A metered price of a subscription plan: usage the tenant reports under {@code meter} is sent to
 * the Stripe Billing Meter whose {@code event_name} is {@code eventName}, and invoiced at the end
 * of each period with the metered {@code price} (a recurring price with {@code usage_type=metered}
 * tied to that meter in Stripe).
 *
 * @param meter our name for it, used by clients ({@code POST /billing/usage {"meter": ...}})
 * @param eventName the Stripe meter's {@code event_name}
 * @param price the metered Stripe price ({@code price_...})
 */
public record CatalogMeter(String meter, String eventName, String price) {}
