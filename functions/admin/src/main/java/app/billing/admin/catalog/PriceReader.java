package app.billing.admin.catalog;

import java.util.Optional;

/** Reads one Stripe price by id: the only Stripe call {@link CatalogCheck} makes. */
@FunctionalInterface
public interface PriceReader {
  /**
   * @return empty when Stripe has no such price
   */
  Optional<StripePrice> price(String priceId);

  /**
   * A price as Stripe holds it.
   *
   * @param unitAmount null for prices without a fixed amount (tiered, metered, customer-chosen)
   * @param type {@code recurring} or {@code one_time}
   * @param interval {@code month}, {@code year}, ... for recurring prices, else null
   */
  record StripePrice(
      String id,
      boolean active,
      Long unitAmount,
      String currency,
      String type,
      String interval,
      long intervalCount) {}
}
