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
 * @param taxIdCollection customers may enter a tax id on the page ({@code
 *     CHECKOUT_TAX_ID_COLLECTION}, default false)
 * @param allowPromotionCodes customers may enter a promotion code on the page ({@code
 *     CHECKOUT_PROMOTION_CODES}, default true)
 */
public record CheckoutSettings(
    String successUrl,
    String cancelUrl,
    RedirectPolicy redirects,
    boolean automaticTax,
    int maxRequestsPerWindow,
    CheckoutToken token,
    boolean taxIdCollection,
    boolean allowPromotionCodes) {

  public CheckoutSettings {
    Objects.requireNonNull(successUrl, "successUrl");
    Objects.requireNonNull(cancelUrl, "cancelUrl");
    Objects.requireNonNull(redirects, "redirects");
    Objects.requireNonNull(token, "token");
  }

  /** With the defaults: no tax id collection, promotion codes allowed. */
  public CheckoutSettings(
      String successUrl,
      String cancelUrl,
      RedirectPolicy redirects,
      boolean automaticTax,
      int maxRequestsPerWindow,
      CheckoutToken token) {
    this(successUrl, cancelUrl, redirects, automaticTax, maxRequestsPerWindow, token, false, true);
  }
}
