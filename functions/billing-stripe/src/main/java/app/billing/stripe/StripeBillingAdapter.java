package app.billing.stripe;

import app.billing.core.checkout.CheckoutToken;
import app.billing.core.port.StripeWrites;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.billingportal.SessionCreateParams.FlowData;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StripeWrites} on one {@link StripeClient}: typed {@code *CreateParams}, idempotency keys
 * in {@link RequestOptions}, and every {@link StripeException} turned into a {@link
 * StripeWrites.StripeCallException} carrying Stripe's status, code, parameter and request id.
 * Failures are logged with those fields only; never the key, never a Stripe payload.
 */
public final class StripeBillingAdapter implements StripeWrites {
  private static final Logger log = LoggerFactory.getLogger(StripeBillingAdapter.class);

  /** Metadata key of the tenant on customers, sessions, subscriptions and payment intents. */
  public static final String TENANT_METADATA = CheckoutToken.TENANT_METADATA;

  /** Metadata key of the catalog entry on sessions; provisioning reads it for one-time items. */
  public static final String CATALOG_KEY_METADATA = "catalog_key";

  /**
   * Metadata key of the quantity bought on one-time sessions; provisioning multiplies credits by
   * it.
   */
  public static final String QUANTITY_METADATA = "quantity";

  private final StripeClient stripe;

  public StripeBillingAdapter(StripeClient stripe) {
    this.stripe = Objects.requireNonNull(stripe, "stripe");
  }

  @Override
  public String createCustomer(NewCustomer customer, String idempotencyKey) {
    CustomerCreateParams params = customerParams(customer);
    RequestOptions options = RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    Customer created =
        call("create a customer", () -> stripe.v1().customers().create(params, options));
    return created.getId();
  }

  @Override
  public CheckoutSession createCheckoutSession(CheckoutSessionSpec spec, String idempotencyKey) {
    SessionCreateParams params = checkoutParams(spec);
    RequestOptions options = RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    com.stripe.model.checkout.Session session =
        call(
            "create a checkout session",
            () -> stripe.v1().checkout().sessions().create(params, options));
    return new CheckoutSession(session.getId(), session.getUrl());
  }

  /**
   * No deterministic idempotency key: a portal session has no effect besides a short-lived URL, so
   * a second one is harmless. stripe-java still puts a random key on the call, which its own
   * network retries reuse.
   */
  @Override
  public String createPortalSession(PortalSessionSpec spec) {
    com.stripe.param.billingportal.SessionCreateParams params = portalParams(spec);
    return call(
            "create a portal session", () -> stripe.v1().billingPortal().sessions().create(params))
        .getUrl();
  }

  /**
   * With the key derived from a client's {@code Idempotency-Key}: its retry gets the same session.
   */
  @Override
  public String createPortalSession(PortalSessionSpec spec, String idempotencyKey) {
    com.stripe.param.billingportal.SessionCreateParams params = portalParams(spec);
    RequestOptions options = RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    return call(
            "create a portal session",
            () -> stripe.v1().billingPortal().sessions().create(params, options))
        .getUrl();
  }

  static CustomerCreateParams customerParams(NewCustomer customer) {
    CustomerCreateParams.Builder params =
        CustomerCreateParams.builder().putMetadata(TENANT_METADATA, customer.tenantId());
    if (customer.name() != null && !customer.name().isBlank()) {
      params.setName(customer.name());
    }
    if (customer.email() != null && !customer.email().isBlank()) {
      params.setEmail(customer.email());
    }
    return params.build();
  }

  static SessionCreateParams checkoutParams(CheckoutSessionSpec spec) {
    SessionCreateParams.Builder params =
        SessionCreateParams.builder()
            .setCustomer(spec.customerId())
            .setClientReferenceId(spec.tenantId())
            .putMetadata(TENANT_METADATA, spec.tenantId())
            .putMetadata(CATALOG_KEY_METADATA, spec.catalogKey())
            .putMetadata(CheckoutToken.METADATA_KEY, spec.checkoutToken())
            .addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setPrice(spec.priceId())
                    .setQuantity(spec.quantity())
                    .build())
            .setAutomaticTax(
                SessionCreateParams.AutomaticTax.builder().setEnabled(spec.automaticTax()).build())
            .setBillingAddressCollection(SessionCreateParams.BillingAddressCollection.REQUIRED)
            // Checkout may write the name and address it collects onto our customer (needed for
            // tax).
            .setCustomerUpdate(
                SessionCreateParams.CustomerUpdate.builder()
                    .setName(SessionCreateParams.CustomerUpdate.Name.AUTO)
                    .setAddress(SessionCreateParams.CustomerUpdate.Address.AUTO)
                    .build())
            .setSuccessUrl(spec.successUrl())
            .setCancelUrl(spec.cancelUrl());
    // Stripe refuses a quantity on a metered price: usage reported to its meter is billed.
    spec.meteredPriceIds()
        .forEach(
            p -> params.addLineItem(SessionCreateParams.LineItem.builder().setPrice(p).build()));
    if (spec.expiresAt() != null) {
      params.setExpiresAt(spec.expiresAt().getEpochSecond());
    }
    // Sent only when on: off is Stripe's default for both.
    if (spec.allowPromotionCodes()) {
      params.setAllowPromotionCodes(true);
    }
    if (spec.taxIdCollection()) {
      params.setTaxIdCollection(
          SessionCreateParams.TaxIdCollection.builder().setEnabled(true).build());
    }
    switch (spec.mode()) {
      case SUBSCRIPTION -> {
        SessionCreateParams.SubscriptionData.Builder subscription =
            SessionCreateParams.SubscriptionData.builder()
                .putMetadata(TENANT_METADATA, spec.tenantId())
                .putMetadata(CheckoutToken.METADATA_KEY, spec.checkoutToken());
        if (spec.trialDays() > 0) {
          subscription.setTrialPeriodDays((long) spec.trialDays());
        }
        params
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSubscriptionData(subscription.build());
      }
      case PAYMENT ->
          params
              .setMode(SessionCreateParams.Mode.PAYMENT)
              .putMetadata(QUANTITY_METADATA, Long.toString(spec.quantity()))
              .setPaymentIntentData(
                  SessionCreateParams.PaymentIntentData.builder()
                      .setCaptureMethod(
                          "manual".equals(spec.captureMethod())
                              ? SessionCreateParams.PaymentIntentData.CaptureMethod.MANUAL
                              : SessionCreateParams.PaymentIntentData.CaptureMethod.AUTOMATIC)
                      .putMetadata(TENANT_METADATA, spec.tenantId())
                      .putMetadata(CheckoutToken.METADATA_KEY, spec.checkoutToken())
                      .build());
    }
    return params.build();
  }

  static com.stripe.param.billingportal.SessionCreateParams portalParams(PortalSessionSpec spec) {
    var params =
        com.stripe.param.billingportal.SessionCreateParams.builder()
            .setCustomer(spec.customerId())
            .setReturnUrl(spec.returnUrl());
    spec.configurationId().ifPresent(params::setConfiguration);
    if (spec.flow() != PortalFlowType.NONE) {
      params.setFlowData(flowData(spec));
    }
    return params.build();
  }

  private static FlowData flowData(PortalSessionSpec spec) {
    FlowData.Builder flow =
        FlowData.builder()
            // After the task, straight back to the app rather than to the portal's home page.
            .setAfterCompletion(
                FlowData.AfterCompletion.builder()
                    .setType(FlowData.AfterCompletion.Type.REDIRECT)
                    .setRedirect(
                        FlowData.AfterCompletion.Redirect.builder()
                            .setReturnUrl(spec.returnUrl())
                            .build())
                    .build());
    switch (spec.flow()) {
      case PAYMENT_METHOD_UPDATE -> flow.setType(FlowData.Type.PAYMENT_METHOD_UPDATE);
      case SUBSCRIPTION_CANCEL ->
          flow.setType(FlowData.Type.SUBSCRIPTION_CANCEL)
              .setSubscriptionCancel(
                  FlowData.SubscriptionCancel.builder()
                      .setSubscription(spec.subscriptionId())
                      .build());
      case SUBSCRIPTION_UPDATE ->
          flow.setType(FlowData.Type.SUBSCRIPTION_UPDATE)
              .setSubscriptionUpdate(
                  FlowData.SubscriptionUpdate.builder()
                      .setSubscription(spec.subscriptionId())
                      .build());
      case NONE -> throw new IllegalArgumentException("no flow");
    }
    return flow.build();
  }

  private interface StripeCall<T> {
    T run() throws StripeException;
  }

  private static <T> T call(String operation, StripeCall<T> call) {
    try {
      return call.run();
    } catch (StripeException e) {
      StripeCallException failure = translate(operation, e);
      log.warn(
          "Stripe call to {} failed: kind {} status {} code {} param {} request {}",
          operation,
          failure.kind(),
          failure.httpStatus().orElse(null),
          e.getCode(),
          failure.param().orElse(null),
          e.getRequestId());
      throw failure;
    }
  }

  static StripeCallException translate(String operation, StripeException e) {
    FailureKind kind;
    String param = null;
    if (e instanceof ApiConnectionException) {
      kind = FailureKind.UNREACHABLE;
    } else if (e instanceof RateLimitException) {
      kind = FailureKind.RATE_LIMITED;
    } else if (e instanceof InvalidRequestException invalid) {
      kind = FailureKind.INVALID_REQUEST;
      param = invalid.getParam();
    } else if (e instanceof AuthenticationException) {
      kind = FailureKind.AUTHENTICATION;
    } else if (e instanceof IdempotencyException) {
      kind = FailureKind.IDEMPOTENCY;
    } else if (e instanceof CardException card) {
      kind = FailureKind.CARD;
      param = card.getParam();
    } else {
      kind = FailureKind.STRIPE_ERROR;
    }
    // stripe-java reports status 0 when no response arrived.
    Integer status = e.getStatusCode() == null || e.getStatusCode() == 0 ? null : e.getStatusCode();
    // The cause keeps the stack for our logs; its message is never shown to clients.
    return new StripeCallException(
        operation, kind, status, e.getRequestId(), e.getCode(), param, e);
  }
}
