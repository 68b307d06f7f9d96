package app.billing.core.checkout;

import app.billing.core.error.ApiException;
import app.billing.core.error.ConflictException;
import app.billing.core.error.UpstreamException;
import app.billing.core.error.ValidationException;
import app.billing.core.port.StripeWrites.FailureKind;
import app.billing.core.port.StripeWrites.StripeCallException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the client sees when a Stripe call fails.
 *
 * <p>Every request parameter is built by us from the catalog, the tenant's records and validated
 * input, so a refusal by Stripe is our problem, not the client's: {@code 502 stripe_error},
 * whatever Stripe's status (4xx included), timeouts and connection failures too. The one exception
 * is a redirect URL the <em>client</em> supplied that Stripe refuses as invalid ({@code
 * invalid_request_error} naming that parameter): we only check its origin and scheme, so that is
 * reported as {@code 400 invalid_field} naming the client's field.
 *
 * <p>The message carries Stripe's request id (for support and for finding the call in Stripe's
 * dashboard), never Stripe's own message, which can echo part of the API key.
 */
public final class StripeFailures {
  private StripeFailures() {}

  /**
   * Runs a Stripe call and translates its failure.
   *
   * @param clientParams Stripe parameter name to request field, for the values the client supplied
   */
  public static <T> T call(Supplier<T> call, Map<String, String> clientParams) {
    try {
      return call.get();
    } catch (StripeCallException e) {
      throw translate(e, clientParams);
    }
  }

  public static ApiException translate(StripeCallException e, Map<String, String> clientParams) {
    Optional<String> clientField =
        e.kind() == FailureKind.INVALID_REQUEST
            ? e.param().map(clientParams::get)
            : Optional.empty();
    if (clientField.isPresent()) {
      return ValidationException.field(
          clientField.get(),
          "Stripe did not accept '"
              + clientField.get()
              + "' as a URL"
              + e.requestId().map(id -> " (request " + id + ")").orElse("")
              + ".");
    }
    Map<String, String> details = new HashMap<>();
    e.requestId().ifPresent(id -> details.put("stripe_request_id", id));
    if (e.kind() == FailureKind.IDEMPOTENCY) {
      // Our own keys differ whenever the parameters do; only a client's Idempotency-Key reused for
      // another request gets here.
      return new ConflictException(
          "idempotency_key_reused",
          "This Idempotency-Key was used for a different"
              + " request in the last 24 hours. Use a new key for a new request.",
          details);
    }
    String suffix = e.requestId().map(id -> " (Stripe request " + id + ")").orElse("");
    String message =
        e.kind() == FailureKind.UNREACHABLE
            ? "Stripe did not answer in time to " + e.operation() + ". Please try again."
            : "Stripe could not "
                + e.operation()
                + suffix
                + ". Please try again later; contact support"
                + " with the request id if it keeps failing.";
    return new UpstreamException("stripe_error", message, details);
  }
}
