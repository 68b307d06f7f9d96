package app.billing.core.usage;

import com.google.gson.annotations.SerializedName;
import java.math.BigDecimal;

/**
 * The answer to {@code GET /billing/usage?meter=}: the meter's total in the subscription's current
 * period, as Stripe's meter event summary reports it.
 *
 * @param plan the catalog key of the plan that bills the meter
 * @param total Stripe's aggregated value (a sum for a sum meter)
 * @param currentPeriodStart the period's start (ISO-8601), from the tenant's subscription record
 * @param currentPeriodEnd the period's end (ISO-8601)
 */
public record UsageTotal(
    @SerializedName("meter") String meter,
    @SerializedName("plan") String plan,
    @SerializedName("total") BigDecimal total,
    @SerializedName("current_period_start") String currentPeriodStart,
    @SerializedName("current_period_end") String currentPeriodEnd) {}
