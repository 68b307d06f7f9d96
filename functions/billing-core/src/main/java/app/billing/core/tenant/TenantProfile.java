package app.billing.core.tenant;

import java.time.Instant;

/**
 * A customer organisation of the app (the unit that subscribes).
 *
 * @param stripeCustomerId set once, by the first checkout; null before
 */
public record TenantProfile(
    String tenantId,
    String name,
    String billingEmail,
    String stripeCustomerId,
    Instant createdAt) {}
