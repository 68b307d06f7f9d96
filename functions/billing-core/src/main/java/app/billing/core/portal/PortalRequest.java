package app.billing.core.portal;

import java.util.Optional;

/**
 * A portal session a client asks for ({@code POST /billing/portal}; {@code
 * app.billing.http.RequestBodies} reads it from the body, which may be empty).
 *
 * @param flow empty opens the portal's home page
 */
public record PortalRequest(Optional<String> returnUrl, Optional<PortalFlow> flow) {}
