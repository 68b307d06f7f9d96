package app.billing.core.catalog;

/**
 * A Stripe price the catalog sells.
 *
 * @param amount in the currency's minor unit (cents)
 */
public record CatalogPrice(String priceId, long amount, String currency) {}
