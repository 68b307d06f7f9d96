package app.billing.admin.catalog;

import app.billing.admin.catalog.PriceReader.StripePrice;
import app.billing.core.catalog.BillingCycle;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.catalog.CatalogPrice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares every price of the catalog with the price Stripe holds under the same id: it must exist,
 * be active, and charge the catalog's amount in its currency at its cycle (monthly: recurring every
 * month; yearly: every year; one_time: a one-time price).
 */
public final class CatalogCheck {
  private final PriceReader prices;

  public CatalogCheck(PriceReader prices) {
    this.prices = Objects.requireNonNull(prices, "prices");
  }

  /**
   * One catalog price against Stripe's.
   *
   * @param stripe Stripe's price, empty when it does not exist
   * @param problems empty when they agree
   */
  public record Line(
      String entry,
      BillingCycle cycle,
      CatalogPrice expected,
      Optional<StripePrice> stripe,
      List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** Every price of every entry, in catalog order. */
  public List<Line> check(Catalog catalog) {
    List<Line> lines = new ArrayList<>();
    for (CatalogEntry entry : catalog.entries()) {
      for (Map.Entry<BillingCycle, CatalogPrice> price : entry.prices().entrySet()) {
        Optional<StripePrice> stripe = prices.price(price.getValue().priceId());
        lines.add(
            new Line(
                entry.key(),
                price.getKey(),
                price.getValue(),
                stripe,
                problems(price.getKey(), price.getValue(), stripe)));
      }
    }
    return lines;
  }

  static List<String> problems(
      BillingCycle cycle, CatalogPrice expected, Optional<StripePrice> found) {
    if (found.isEmpty()) {
      return List.of("missing in Stripe");
    }
    StripePrice stripe = found.get();
    List<String> problems = new ArrayList<>();
    if (!stripe.active()) {
      problems.add("inactive");
    }
    if (stripe.unitAmount() == null || stripe.unitAmount() != expected.amount()) {
      problems.add("amount " + stripe.unitAmount() + ", catalog " + expected.amount());
    }
    if (!expected.currency().equalsIgnoreCase(String.valueOf(stripe.currency()))) {
      problems.add("currency " + stripe.currency() + ", catalog " + expected.currency());
    }
    String wanted = cadence(cycle);
    String actual = cadence(stripe);
    if (!wanted.equals(actual)) {
      problems.add(actual + ", catalog " + wanted);
    }
    return List.copyOf(problems);
  }

  /** How the catalog's cycle reads in Stripe's terms. */
  static String cadence(BillingCycle cycle) {
    return switch (cycle) {
      case MONTHLY -> "every month";
      case YEARLY -> "every year";
      case ONE_TIME -> "one_time";
    };
  }

  static String cadence(StripePrice price) {
    if ("one_time".equals(price.type())) {
      return "one_time";
    }
    return price.intervalCount() == 1
        ? "every " + price.interval()
        : "every " + price.intervalCount() + " " + price.interval() + "s";
  }
}
