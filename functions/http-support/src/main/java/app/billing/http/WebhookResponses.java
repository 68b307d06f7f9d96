package app.billing.http;

import app.billing.core.port.EventQueue.MessageRefusedException;
import app.billing.core.webhook.WebhookOutcome;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonObject;
import java.util.function.Function;

/**
 * {@code POST /webhooks/stripe}'s answers: each {@link WebhookOutcome} to a status and body. Stripe
 * reads only the status: 2xx stops its deliveries of the event, 4xx and 5xx make it retry for up to
 * three days, so a 5xx is kept for failures that a retry can fix.
 */
public final class WebhookResponses {
  private WebhookResponses() {}

  /** A bug: 500, asking Stripe to retry once it is fixed. */
  static final ApiError INTERNAL =
      new ApiError(500, "internal_error", "Unexpected error; please retry later.");

  /**
   * Serves one invocation of the webhook function as {@link ApiResponses#serve} does: {@code POST}
   * only, the outcome of {@code route} mapped here.
   */
  public static APIGatewayV2HTTPResponse serve(
      APIGatewayV2HTTPEvent event, Context context, Function<ApiRequest, WebhookOutcome> route) {
    return ApiResponses.serve(
        event,
        context,
        request ->
            "POST".equals(request.method())
                ? of(route.apply(request))
                : ApiResponses.methodNotAllowed("POST"),
        INTERNAL);
  }

  public static APIGatewayV2HTTPResponse of(WebhookOutcome outcome) {
    return switch (outcome) {
      case WebhookOutcome.Enqueued e -> received(true);
      case WebhookOutcome.Ignored i -> received(false);
      case WebhookOutcome.OtherMode o -> received(false);
      case WebhookOutcome.Rejected r -> ApiResponses.error(rejected(r));
      case WebhookOutcome.TooLarge t ->
          ApiResponses.error(
              new ApiError(
                  413,
                  "payload_too_large",
                  "The request body is larger than " + t.limitBytes() + " bytes."));
      case WebhookOutcome.QueueDown q ->
          ApiResponses.error(
              new ApiError(
                  500, "queue_unavailable", "The event could not be queued; please retry later."));
      case WebhookOutcome.QueueRefused q ->
          ApiResponses.error(
              q.reason() == MessageRefusedException.Reason.TOO_LARGE
                  ? new ApiError(413, "payload_too_large", "The event is too large to be queued.")
                  : ApiError.badRequest(
                      "invalid_event", "The event holds content the queue cannot store."));
    };
  }

  private static APIGatewayV2HTTPResponse received(boolean enqueued) {
    JsonObject body = new JsonObject();
    body.addProperty("received", true);
    body.addProperty("enqueued", enqueued);
    return ApiResponses.json(200, body);
  }

  private static ApiError rejected(WebhookOutcome.Rejected rejected) {
    return switch (rejected.reason()) {
      case EMPTY_BODY -> ApiError.badRequest("empty_body", "The request body is empty.");
      case MISSING_SIGNATURE ->
          ApiError.badRequest("missing_signature", "The Stripe-Signature header is missing.");
      case NOT_BASE64 -> ApiError.badRequest("invalid_body", "The body is not valid base64.");
      case NOT_UTF8 -> ApiError.badRequest("invalid_body", "The request body is not valid UTF-8.");
      case UNQUEUEABLE_CHARACTER ->
          ApiError.badRequest(
              "invalid_body",
              "The request body holds a control character"
                  + " (other than tab, line feed or carriage return) or U+FFFE/U+FFFF, which JSON"
                  + " text or a queue message cannot carry.");
      case INVALID_SIGNATURE ->
          ApiError.badRequest(
              "invalid_signature",
              "The Stripe-Signature header does not match the body, or its timestamp is outside"
                  + " the tolerance.");
      case NOT_AN_EVENT ->
          ApiError.badRequest(
              "invalid_event", "The body is not a valid Stripe event: " + rejected.detail() + ".");
    };
  }
}
