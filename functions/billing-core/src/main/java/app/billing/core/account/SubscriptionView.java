package app.billing.core.account;

import com.google.gson.annotations.SerializedName;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /billing/subscription}: the tenant's plan and what it may do now. A tenant without a
 * subscription gets {@code status "none"} and {@code access "none"} (not a 404), so clients need
 * only one code path. Dates are ISO-8601 UTC strings or null.
 *
 * @param stripeCustomerId from the subscription record, else the customer record; null if neither
 * @param plan catalog key of the subscribed plan, or null
 * @param planName the plan's catalog name, or null when there is no plan or it left the catalog
 * @param status the Stripe subscription status, or {@code "none"}
 * @param access {@code full}, {@code grace} or {@code none}, decided at request time
 * @param accessUntil when grace access ends (only with {@code access "grace"}), else null
 * @param features the plan's catalog features; empty when access is none
 * @param entitlements Stripe Entitlements lookup keys as last reported by Stripe
 * @param limits the plan's catalog limits, per-seat ones multiplied by the subscription's quantity;
 *     empty when access is none
 * @param creditsBalance credits granted by one-time purchases
 * @param subscriptions every subscription of the tenant, newest first; the fields above describe
 *     the effective one ({@link app.billing.core.access.EffectiveSubscription})
 */
public record SubscriptionView(
    @SerializedName("tenant_id") String tenantId,
    @SerializedName("stripe_customer_id") String stripeCustomerId,
    @SerializedName("plan") String plan,
    @SerializedName("plan_name") String planName,
    @SerializedName("status") String status,
    @SerializedName("access") String access,
    @SerializedName("access_until") String accessUntil,
    @SerializedName("features") List<String> features,
    @SerializedName("limits") Map<String, Long> limits,
    @SerializedName("entitlements") List<String> entitlements,
    @SerializedName("current_period_start") String currentPeriodStart,
    @SerializedName("current_period_end") String currentPeriodEnd,
    @SerializedName("trial_end") String trialEnd,
    @SerializedName("cancel_at_period_end") boolean cancelAtPeriodEnd,
    @SerializedName("cancel_at") String cancelAt,
    @SerializedName("canceled_at") String canceledAt,
    @SerializedName("credits_balance") long creditsBalance,
    @SerializedName("subscriptions") List<Item> subscriptions) {

  public SubscriptionView {
    subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
  }

  public SubscriptionView withSubscriptions(List<Item> subscriptions) {
    return new SubscriptionView(
        tenantId,
        stripeCustomerId,
        plan,
        planName,
        status,
        access,
        accessUntil,
        features,
        limits,
        entitlements,
        currentPeriodStart,
        currentPeriodEnd,
        trialEnd,
        cancelAtPeriodEnd,
        cancelAt,
        canceledAt,
        creditsBalance,
        subscriptions);
  }

  /**
   * One of the tenant's subscriptions, with the access it grants on its own.
   *
   * @param id the Stripe subscription id ({@code sub_...})
   * @param billingCycle {@code monthly} or {@code yearly}, or null when the price is not in the
   *     catalog
   */
  public record Item(
      @SerializedName("id") String id,
      @SerializedName("plan") String plan,
      @SerializedName("plan_name") String planName,
      @SerializedName("status") String status,
      @SerializedName("access") String access,
      @SerializedName("access_until") String accessUntil,
      @SerializedName("billing_cycle") String billingCycle,
      @SerializedName("quantity") long quantity,
      @SerializedName("current_period_start") String currentPeriodStart,
      @SerializedName("current_period_end") String currentPeriodEnd,
      @SerializedName("trial_end") String trialEnd,
      @SerializedName("cancel_at_period_end") boolean cancelAtPeriodEnd,
      @SerializedName("cancel_at") String cancelAt,
      @SerializedName("canceled_at") String canceledAt) {}

  /** Status reported when the tenant has no subscription. */
  public static final String NO_SUBSCRIPTION = "none";
}
