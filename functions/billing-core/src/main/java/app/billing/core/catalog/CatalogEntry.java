package app.billing.core.catalog;

import com.google.gson.annotations.SerializedName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Something a tenant can buy: a subscription plan or a one-time item.
 *
 * @param key stable identifier used by clients and stored on records ("starter", "pro")
 * @param prices Stripe prices by billing cycle; one-time items have a single {@code one_time} price
 * @param trialDays trial granted by checkout for subscription plans (0 = none)
 * @param features feature keys this entry unlocks (what {@code GET /billing/subscription} reports)
 * @param limits numeric limits by name, e.g. seats
 * @param credits credits granted once per paid purchase of a one-time item
 * @param captureMethod {@code automatic} or {@code manual} (authorize now, capture later) for
 *     one-time items
 * @param meters metered prices of a subscription plan (usage-based billing); empty for none
 * @param perSeatLimits names of {@code limits} that are per seat: the account view multiplies them
 *     by the subscription's quantity; empty for none
 */
public record CatalogEntry(
    String key,
    String name,
    String description,
    Mode mode,
    Map<BillingCycle, CatalogPrice> prices,
    int trialDays,
    List<String> features,
    Map<String, Long> limits,
    long credits,
    String captureMethod,
    List<CatalogMeter> meters,
    List<String> perSeatLimits) {

  public enum Mode {
    @SerializedName("subscription")
    SUBSCRIPTION,
    @SerializedName("payment")
    PAYMENT
  }

  public CatalogEntry {
    // Null keys and values are kept (an unknown cycle name reads as a null key) so that Catalog
    // validation can report them; Map.copyOf would throw inside Gson instead.
    prices = prices == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(prices));
    features =
        features == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(features));
    limits = limits == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(limits));
    captureMethod = captureMethod == null ? "automatic" : captureMethod;
    meters = meters == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(meters));
    perSeatLimits =
        perSeatLimits == null
            ? List.of()
            : Collections.unmodifiableList(new ArrayList<>(perSeatLimits));
  }

  /**
   * The limits for a subscription of {@code quantity} seats: per-seat limits multiplied by it (a
   * quantity below 1, as on records stored before quantities were kept, counts as 1); the others as
   * they are. Saturates instead of overflowing.
   */
  public Map<String, Long> limitsFor(long quantity) {
    long seats = Math.max(1, quantity);
    Map<String, Long> scaled = new LinkedHashMap<>();
    limits.forEach(
        (name, limit) ->
            scaled.put(
                name, limit != null && perSeatLimits.contains(name) ? times(limit, seats) : limit));
    return Collections.unmodifiableMap(scaled);
  }

  private static long times(long limit, long seats) {
    try {
      return Math.multiplyExact(limit, seats);
    } catch (ArithmeticException overflow) {
      return limit < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  public boolean isSubscription() {
    return mode == Mode.SUBSCRIPTION;
  }

  public Optional<CatalogPrice> price(BillingCycle cycle) {
    return Optional.ofNullable(prices.get(cycle));
  }

  /** The plan's metered price for {@code meter}, if it has one. */
  public Optional<CatalogMeter> meter(String meter) {
    return meters.stream()
        .filter(m -> m != null && meter != null && meter.equals(m.meter()))
        .findFirst();
  }
}
