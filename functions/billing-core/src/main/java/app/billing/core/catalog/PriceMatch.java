package app.billing.core.catalog;

/** What a Stripe price id means in our catalog. */
public record PriceMatch(CatalogEntry entry, BillingCycle cycle, CatalogPrice price) {}
