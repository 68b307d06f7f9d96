package app.billing.core.usage;

import java.math.BigDecimal;

/**
 * The answer to {@code GET /billing/usage?meter=}: the meter's total in the subscription's current
 * period, as Stripe's meter event summary reports it.
 *
 * @param total Stripe's aggregated value (a sum for a sum meter)
 * @param periodStart the current period's start (ISO-8601), from the tenant's subscription record
 * @param periodEnd the current period's end (ISO-8601)
 */
public record UsageTotal(
    String meter, String plan, BigDecimal total, String periodStart, String periodEnd) {}
