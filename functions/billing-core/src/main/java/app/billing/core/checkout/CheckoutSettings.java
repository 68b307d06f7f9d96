package app.billing.core.checkout;

import java.util.Objects;

/**
 * Checkout's configuration.
 *
 * @param successUrl default {@code success_url} ({@code CHECKOUT_SUCCESS_URL})
 * @param cancelUrl default {@code cancel_url} ({@code CHECKOUT_CANCEL_URL})
 * @param automaticTax Stripe Tax on sessions ({@code CHECKOUT_AUTOMATIC_TAX}, default false)
 * @param maxRequestsPerWindow checkout requests per tenant per 10 s
 * @param token signs the {@code checkout_token} metadata ({@code CHECKOUT_TOKEN_KEY})
 */
public record CheckoutSettings(
    String successUrl,
    String cancelUrl,
    RedirectPolicy redirects,
    boolean automaticTax,
    int maxRequestsPerWindow,
    CheckoutToken token) {

  public CheckoutSettings {
    Objects.requireNonNull(successUrl, "successUrl");
    Objects.requireNonNull(cancelUrl, "cancelUrl");
    Objects.requireNonNull(redirects, "redirects");
    Objects.requireNonNull(token, "token");
  }
}
