package app.billing.core.access;

import java.time.Instant;

/**
 * @param graceEndsAt when {@link Access#GRACE} turns into {@link Access#NONE}; null otherwise
 */
public record AccessDecision(Access access, Instant graceEndsAt) {}
