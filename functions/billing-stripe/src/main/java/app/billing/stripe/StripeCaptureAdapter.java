package app.billing.stripe;

import app.billing.core.error.ConflictException;
import app.billing.core.error.NotFoundException;
import app.billing.core.error.UpstreamException;
import app.billing.core.port.PaymentCaptures;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PaymentCaptures} on one {@link StripeClient}. A 404 becomes {@link NotFoundException}; any
 * other 4xx (e.g. {@code payment_intent_unexpected_state}: already captured or released) {@link
 * ConflictException} with Stripe's error code; the rest {@link UpstreamException}. Each names
 * Stripe's request id.
 */
public final class StripeCaptureAdapter implements PaymentCaptures {
  private static final Logger log = LoggerFactory.getLogger(StripeCaptureAdapter.class);

  private final StripeClient stripe;

  public StripeCaptureAdapter(StripeClient stripe) {
    this.stripe = stripe;
  }

  @Override
  public Optional<String> paymentIntentOfSession(String checkoutSessionId) {
    return call(
        "retrieve checkout session " + checkoutSessionId,
        () ->
            Optional.ofNullable(
                stripe.v1().checkout().sessions().retrieve(checkoutSessionId).getPaymentIntent()));
  }

  @Override
  public String capture(String paymentIntentId, String idempotencyKey) {
    return call(
        "capture " + paymentIntentId,
        () ->
            stripe
                .v1()
                .paymentIntents()
                .capture(
                    paymentIntentId,
                    PaymentIntentCaptureParams.builder().build(),
                    RequestOptions.builder().setIdempotencyKey(idempotencyKey).build())
                .getStatus());
  }

  @Override
  public String cancel(String paymentIntentId, String idempotencyKey) {
    return call(
        "cancel " + paymentIntentId,
        () ->
            stripe
                .v1()
                .paymentIntents()
                .cancel(
                    paymentIntentId,
                    PaymentIntentCancelParams.builder().build(),
                    RequestOptions.builder().setIdempotencyKey(idempotencyKey).build())
                .getStatus());
  }

  private interface StripeCall<T> {
    T run() throws StripeException;
  }

  private static <T> T call(String what, StripeCall<T> call) {
    try {
      return call.run();
    } catch (StripeException e) {
      log.warn(
          "Stripe {} failed: status {} code {} request {}",
          what,
          e.getStatusCode(),
          e.getCode(),
          e.getRequestId());
      Map<String, String> details =
          e.getRequestId() == null ? Map.of() : Map.of("stripe_request_id", e.getRequestId());
      String request = e.getRequestId() == null ? "" : " (Stripe request " + e.getRequestId() + ")";
      Integer status = e.getStatusCode();
      if (Integer.valueOf(404).equals(status)) {
        throw new NotFoundException(
            "stripe_resource_missing",
            "Stripe could not " + what + ": no such object" + request + ".",
            details);
      }
      if (status != null
          && status >= 400
          && status < 500
          && status != 401
          && status != 403
          && status != 429) {
        throw new ConflictException(
            e.getCode() == null ? "stripe_refused" : e.getCode(),
            "Stripe refused to "
                + what
                + ": "
                + (e.getCode() == null ? "status " + status : e.getCode())
                + request
                + ".",
            details);
      }
      throw new UpstreamException(
          "stripe_error", "Stripe could not " + what + request + ".", details);
    }
  }
}
