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
 * @param limits the plan's catalog limits; empty when access is none
 * @param entitlements Stripe Entitlements lookup keys as last reported by Stripe
 * @param creditsBalance credits granted by one-time purchases
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
    @SerializedName("credits_balance") long creditsBalance) {

  /** Status reported when the tenant has no subscription. */
  public static final String NO_SUBSCRIPTION = "none";
}
