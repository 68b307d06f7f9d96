package app.billing.webhook.handler;

import app.billing.core.http.ApiError;
import app.billing.core.priming.Priming;
import app.billing.webhook.WebhookResult;
import app.billing.webhook.WebhookService;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code POST /webhooks/stripe} (API Gateway HTTP API, payload format 2.0). Thin: takes the raw
 * body and the {@code Stripe-Signature} header out of the request, lets {@link WebhookService}
 * decide, and turns its result into a JSON response.
 */
public final class WebhookHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  static final String SIGNATURE_HEADER = "Stripe-Signature";
  static final String MDC_REQUEST_ID = "awsRequestId";

  private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);
  private static final Map<String, String> JSON = Map.of("content-type", "application/json");

  private final WebhookService service;

  /** Used by Lambda: the production service, built once per container from the environment. */
  public WebhookHandler() {
    // Built here, not in a static holder: a configuration error then reaches Lambda as itself
    // (errorMessage "Invalid configuration: ..."), not as a message-less
    // ExceptionInInitializerError.
    this(WebhookWiring.fromEnvironment(System.getenv(), Clock.systemUTC()));
    // SnapStart: warm the request path before the snapshot (no network, no writes).
    Priming.register(
        "webhook", new WebhookPriming(Optional.ofNullable(System.getenv("AWS_REGION"))));
  }

  private WebhookHandler(WebhookHandler built) {
    this(built.service);
  }

  /** For tests and other wiring: the handler around a given service. */
  public WebhookHandler(WebhookService service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    if (context != null && context.getAwsRequestId() != null) {
      MDC.put(MDC_REQUEST_ID, context.getAwsRequestId());
    }
    try {
      if (event == null) {
        return error(ApiError.badRequest("invalid_request", "The request is empty."));
      }
      if (!"POST".equalsIgnoreCase(method(event))) {
        return response(
            405,
            new ApiError(405, "method_not_allowed", "Only POST is allowed on this route.").toJson(),
            Map.of("content-type", "application/json", "allow", "POST"));
      }
      String signature = header(event.getHeaders(), SIGNATURE_HEADER);
      WebhookResult result;
      if (event.getIsBase64Encoded()) {
        byte[] body;
        try {
          body = event.getBody() == null ? null : Base64.getDecoder().decode(event.getBody());
        } catch (IllegalArgumentException e) {
          return error(ApiError.badRequest("invalid_body", "The body is not valid base64."));
        }
        result = service.handle(body, signature);
      } else {
        // The body exactly as the client sent it, as text: verified as is, not encoded and decoded
        // again.
        result = service.handleText(event.getBody(), signature);
      }
      return switch (result) {
        case WebhookResult.Received received ->
            response(200, "{\"received\":true,\"enqueued\":" + received.enqueued() + "}", JSON);
        case WebhookResult.Failed failed -> error(failed.error());
      };
    } catch (RuntimeException e) {
      // A bug, not bad input: 500 so that Stripe retries once it is fixed.
      log.error("Unexpected failure handling a webhook delivery", e);
      return error(new ApiError(500, "internal_error", "Unexpected error; please retry later."));
    } finally {
      MDC.remove(WebhookService.MDC_EVENT_ID);
      MDC.remove(WebhookService.MDC_EVENT_TYPE);
      MDC.remove(WebhookService.MDC_OUTCOME);
      MDC.remove(MDC_REQUEST_ID);
    }
  }

  private static String method(APIGatewayV2HTTPEvent event) {
    var requestContext = event.getRequestContext();
    if (requestContext == null || requestContext.getHttp() == null) {
      return null;
    }
    return requestContext.getHttp().getMethod();
  }

  /** HTTP API v2 lower-cases header names; match case-insensitively anyway. */
  static String header(Map<String, String> headers, String name) {
    if (headers == null) {
      return null;
    }
    String exact = headers.get(name.toLowerCase(Locale.ROOT));
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, String> entry : headers.entrySet()) {
      if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static APIGatewayV2HTTPResponse error(ApiError error) {
    return response(error.status(), error.toJson(), JSON);
  }

  private static APIGatewayV2HTTPResponse response(
      int status, String body, Map<String, String> headers) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status)
        .withHeaders(headers)
        .withBody(body)
        .withIsBase64Encoded(false)
        .build();
  }
}
