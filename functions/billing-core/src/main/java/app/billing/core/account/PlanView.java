package app.billing.core.account;

import app.billing.core.catalog.BillingCycle;
import app.billing.core.catalog.CatalogEntry;
import com.google.gson.annotations.SerializedName;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of {@code GET /billing/plans}. Stripe price ids stay server-side: clients buy by
 * catalog key and billing cycle.
 *
 * @param mode {@code subscription} or {@code payment} (one-time item)
 * @param prices in cycle order: monthly, yearly, one_time
 * @param credits credits granted per purchase of a one-time item
 */
public record PlanView(
    @SerializedName("key") String key,
    @SerializedName("name") String name,
    @SerializedName("description") String description,
    @SerializedName("mode") String mode,
    @SerializedName("prices") List<Price> prices,
    @SerializedName("trial_days") int trialDays,
    @SerializedName("features") List<String> features,
    @SerializedName("limits") Map<String, Long> limits,
    @SerializedName("credits") long credits) {

  /**
   * @param amount minor units
   */
  public record Price(
      @SerializedName("billing_cycle") String billingCycle,
      @SerializedName("amount") long amount,
      @SerializedName("currency") String currency) {}

  public static PlanView of(CatalogEntry entry) {
    List<Price> prices =
        Arrays.stream(BillingCycle.values())
            .flatMap(
                cycle ->
                    entry.price(cycle).stream()
                        .map(p -> new Price(cycle.wireName(), p.amount(), p.currency())))
            .toList();
    return new PlanView(
        entry.key(),
        entry.name(),
        entry.description(),
        entry.isSubscription() ? "subscription" : "payment",
        prices,
        entry.trialDays(),
        entry.features(),
        sorted(entry.limits()),
        entry.credits());
  }

  static Map<String, Long> sorted(Map<String, Long> limits) {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(limits));
  }
}
