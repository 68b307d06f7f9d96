package app.billing.core.portal;

/**
 * @param portalUrl the Stripe-hosted portal session; short-lived, open it right away
 */
public record PortalResult(String portalUrl) {}
