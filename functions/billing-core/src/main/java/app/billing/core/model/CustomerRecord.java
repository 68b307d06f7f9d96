package app.billing.core.model;

/**
 * What we keep of the tenant's Stripe customer: where to email, and whether Stripe marks it
 * delinquent.
 */
public record CustomerRecord(
    String tenantId,
    String customerId,
    String email,
    String name,
    boolean delinquent,
    boolean deleted,
    EventVersion version) {}
