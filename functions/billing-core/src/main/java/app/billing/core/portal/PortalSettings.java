package app.billing.core.portal;

import app.billing.core.checkout.RedirectPolicy;
import java.util.Objects;
import java.util.Optional;

/**
 * The portal route's configuration.
 *
 * @param returnUrl default {@code return_url} ({@code PORTAL_RETURN_URL})
 * @param configurationId {@code PORTAL_CONFIGURATION_ID} ({@code bpc_...}); empty uses the account
 *     default
 * @param maxRequestsPerWindow portal requests per tenant per 10 s
 */
public record PortalSettings(
    String returnUrl,
    RedirectPolicy redirects,
    Optional<String> configurationId,
    int maxRequestsPerWindow) {

  public PortalSettings {
    Objects.requireNonNull(returnUrl, "returnUrl");
    Objects.requireNonNull(redirects, "redirects");
    Objects.requireNonNull(configurationId, "configurationId");
  }
}
