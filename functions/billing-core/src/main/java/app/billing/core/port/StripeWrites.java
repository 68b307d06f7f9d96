package app.billing.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Stripe writes behind {@code POST /billing/checkout} and {@code POST /billing/portal}: a
 * customer per tenant, Checkout sessions and billing portal sessions. Requests are described in our
 * own terms; the adapter turns them into Stripe parameters. Every failure of a call is a {@link
 * StripeCallException}, never a Stripe type, so the domain decides what the client sees.
 */
public interface StripeWrites {

  /**
   * Creates a customer. Stripe answers a repeated {@code idempotencyKey} (within 24 h) with the
   * customer created first, so racing requests and retries get one customer.
   *
   * @return the customer id ({@code cus_...})
   */
  String createCustomer(NewCustomer customer, String idempotencyKey);

  /** Creates a Checkout session; a repeated {@code idempotencyKey} returns the same session. */
  CheckoutSession createCheckoutSession(CheckoutSessionSpec spec, String idempotencyKey);

  /** Creates a billing portal session and returns its (short-lived) URL. */
  String createPortalSession(PortalSessionSpec spec);

  /**
   * As {@link #createPortalSession(PortalSessionSpec)}; a repeated {@code idempotencyKey} returns
   * the same session.
   */
  String createPortalSession(PortalSessionSpec spec, String idempotencyKey);

  /**
   * @param tenantId stored as customer metadata {@code tenantId}
   * @param name the tenant's name; null leaves it unset
   * @param email the tenant's billing email; null leaves it unset
   */
  record NewCustomer(String tenantId, String name, String email) {
    public NewCustomer {
      Objects.requireNonNull(tenantId, "tenantId");
    }
  }

  enum SessionMode {
    /** A recurring plan: the session creates a subscription. */
    SUBSCRIPTION,
    /** A one-time item: the session creates a payment intent. */
    PAYMENT
  }

  /**
   * What a Checkout session sells and to whom.
   *
   * @param catalogKey the catalog entry bought; metadata {@code catalog_key} (provisioning reads
   *     it)
   * @param trialDays trial for subscriptions, 0 for none
   * @param captureMethod {@code automatic} or {@code manual}; payment mode only (null otherwise)
   * @param successUrl already carries the {@code {CHECKOUT_SESSION_ID}} placeholder
   * @param automaticTax Stripe Tax on the session
   * @param checkoutToken metadata {@code checkout_token} on the session and the subscription or
   *     payment intent it creates ({@link app.billing.core.checkout.CheckoutToken})
   * @param expiresAt when an unpaid session expires; null keeps Stripe's default (24 hours)
   * @param taxIdCollection the page lets the customer enter a tax id
   * @param allowPromotionCodes the page takes promotion codes
   * @param meteredPriceIds the plan's metered prices (catalog {@code meters}), each a further line
   *     item without a quantity: Stripe refuses one on a metered price, and bills the meter's usage
   */
  record CheckoutSessionSpec(
      String tenantId,
      String customerId,
      String catalogKey,
      SessionMode mode,
      String priceId,
      long quantity,
      int trialDays,
      String captureMethod,
      String successUrl,
      String cancelUrl,
      boolean automaticTax,
      String checkoutToken,
      Instant expiresAt,
      boolean taxIdCollection,
      boolean allowPromotionCodes,
      List<String> meteredPriceIds) {
    public CheckoutSessionSpec {
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(customerId, "customerId");
      Objects.requireNonNull(catalogKey, "catalogKey");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(priceId, "priceId");
      Objects.requireNonNull(successUrl, "successUrl");
      Objects.requireNonNull(cancelUrl, "cancelUrl");
      Objects.requireNonNull(checkoutToken, "checkoutToken");
      meteredPriceIds = List.copyOf(meteredPriceIds);
    }

    /** Without metered prices. */
    public CheckoutSessionSpec(
        String tenantId,
        String customerId,
        String catalogKey,
        SessionMode mode,
        String priceId,
        long quantity,
        int trialDays,
        String captureMethod,
        String successUrl,
        String cancelUrl,
        boolean automaticTax,
        String checkoutToken,
        Instant expiresAt,
        boolean taxIdCollection,
        boolean allowPromotionCodes) {
      this(
          tenantId,
          customerId,
          catalogKey,
          mode,
          priceId,
          quantity,
          trialDays,
          captureMethod,
          successUrl,
          cancelUrl,
          automaticTax,
          checkoutToken,
          expiresAt,
          taxIdCollection,
          allowPromotionCodes,
          List.of());
    }

    /** With the defaults: no tax id collection, promotion codes allowed. */
    public CheckoutSessionSpec(
        String tenantId,
        String customerId,
        String catalogKey,
        SessionMode mode,
        String priceId,
        long quantity,
        int trialDays,
        String captureMethod,
        String successUrl,
        String cancelUrl,
        boolean automaticTax,
        String checkoutToken,
        Instant expiresAt) {
      this(
          tenantId,
          customerId,
          catalogKey,
          mode,
          priceId,
          quantity,
          trialDays,
          captureMethod,
          successUrl,
          cancelUrl,
          automaticTax,
          checkoutToken,
          expiresAt,
          false,
          true);
    }
  }

  /**
   * @param url where the client sends the browser
   */
  record CheckoutSession(String id, String url) {}

  /** The portal's deep links; {@link #NONE} opens the portal's home page. */
  enum PortalFlowType {
    NONE,
    PAYMENT_METHOD_UPDATE,
    SUBSCRIPTION_CANCEL,
    SUBSCRIPTION_UPDATE
  }

  /**
   * @param configurationId a portal configuration ({@code bpc_...}); empty uses the account default
   * @param subscriptionId required by the subscription flows, null otherwise
   */
  record PortalSessionSpec(
      String customerId,
      String returnUrl,
      Optional<String> configurationId,
      PortalFlowType flow,
      String subscriptionId) {
    public PortalSessionSpec {
      Objects.requireNonNull(customerId, "customerId");
      Objects.requireNonNull(returnUrl, "returnUrl");
      Objects.requireNonNull(configurationId, "configurationId");
      Objects.requireNonNull(flow, "flow");
      if ((flow == PortalFlowType.SUBSCRIPTION_CANCEL || flow == PortalFlowType.SUBSCRIPTION_UPDATE)
          && subscriptionId == null) {
        throw new IllegalArgumentException(flow + " needs a subscription id");
      }
    }
  }

  /** How a Stripe call failed. */
  enum FailureKind {
    /** No answer: connection refused, reset or read timeout (after the client's own retries). */
    UNREACHABLE,
    /** Stripe refused the parameters (400/404, {@code invalid_request_error}). */
    INVALID_REQUEST,
    /** The key is wrong or lacks a permission (401/403). */
    AUTHENTICATION,
    /** Stripe throttled us (429). */
    RATE_LIMITED,
    /**
     * An idempotency key was reused with other parameters, or is in use by a concurrent request.
     */
    IDEMPOTENCY,
    /** A card was declined (402); not expected for these calls. */
    CARD,
    /** Stripe failed (5xx) or answered something we could not read. */
    STRIPE_ERROR
  }

  /**
   * A failed Stripe call. The message is ours and names the operation and Stripe's request id; it
   * never contains the API key or Stripe's own message (which may echo parts of the key).
   *
   * @param httpStatus Stripe's HTTP status, null when there was no answer
   * @param requestId Stripe's {@code request-id}, null when there was no answer
   * @param stripeCode Stripe's error code (e.g. {@code resource_missing}), if any
   * @param param the request parameter Stripe complained about (e.g. {@code success_url}), if any
   */
  final class StripeCallException extends RuntimeException {
    private final String operation;
    private final FailureKind kind;
    private final Integer httpStatus;
    private final String requestId;
    private final String stripeCode;
    private final String param;

    public StripeCallException(
        String operation,
        FailureKind kind,
        Integer httpStatus,
        String requestId,
        String stripeCode,
        String param,
        Throwable cause) {
      super(
          "Stripe call to "
              + operation
              + " failed: "
              + kind
              + (httpStatus == null ? "" : " (HTTP " + httpStatus + ")")
              + (requestId == null ? "" : ", request " + requestId),
          cause);
      this.operation = operation;
      this.kind = Objects.requireNonNull(kind, "kind");
      this.httpStatus = httpStatus;
      this.requestId = requestId;
      this.stripeCode = stripeCode;
      this.param = param;
    }

    /** What we tried, as a verb phrase: "create a checkout session". */
    public String operation() {
      return operation;
    }

    public FailureKind kind() {
      return kind;
    }

    public Optional<Integer> httpStatus() {
      return Optional.ofNullable(httpStatus);
    }

    public Optional<String> requestId() {
      return Optional.ofNullable(requestId);
    }

    public Optional<String> stripeCode() {
      return Optional.ofNullable(stripeCode);
    }

    public Optional<String> param() {
      return Optional.ofNullable(param);
    }
  }
}
