package app.billing.http;

import app.billing.core.error.ApiException;
import app.billing.core.error.ValidationException;
import app.billing.core.log.LogKeys;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * JSON responses, and the one place where the core's refusals and outcomes become HTTP statuses,
 * bodies and headers (with {@link ApiErrors} and {@link WebhookResponses}). Every response is JSON
 * and {@code cache-control: no-store}.
 */
public final class ApiResponses {
  private static final Logger log = LoggerFactory.getLogger(ApiResponses.class);
  private static final Gson GSON =
      new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private ApiResponses() {}

  /**
   * Serves one Lambda invocation of an API function: the request id goes into the log context, the
   * route runs with what it throws mapped to statuses, and the log context is cleared afterwards so
   * nothing leaks into the next invocation of the container.
   */
  public static APIGatewayV2HTTPResponse serve(
      APIGatewayV2HTTPEvent event,
      Context context,
      Function<ApiRequest, APIGatewayV2HTTPResponse> route) {
    return serve(event, context, route, ApiErrors.INTERNAL);
  }

  /** The same, answering a bug with {@code internalError} (the webhook's asks Stripe to retry). */
  static APIGatewayV2HTTPResponse serve(
      APIGatewayV2HTTPEvent event,
      Context context,
      Function<ApiRequest, APIGatewayV2HTTPResponse> route,
      ApiError internalError) {
    if (context != null && context.getAwsRequestId() != null) {
      MDC.put(LogKeys.AWS_REQUEST_ID, context.getAwsRequestId());
    }
    try {
      return handle(
          () -> {
            if (event == null) {
              throw new ValidationException("invalid_request", "The request is empty.");
            }
            return route.apply(new ApiRequest(event));
          },
          internalError);
    } finally {
      MDC.clear();
    }
  }

  /** 405 with the {@code Allow} header. */
  public static APIGatewayV2HTTPResponse methodNotAllowed(String allowedMethod) {
    return error(
        new ApiError(
            405, "method_not_allowed", "Only " + allowedMethod + " is allowed on this route."),
        Map.of("allow", allowedMethod));
  }

  /**
   * Runs the route and maps what it throws: {@link ApiException}s to their status, anything else to
   * 500.
   */
  public static APIGatewayV2HTTPResponse handle(Supplier<APIGatewayV2HTTPResponse> route) {
    return handle(route, ApiErrors.INTERNAL);
  }

  private static APIGatewayV2HTTPResponse handle(
      Supplier<APIGatewayV2HTTPResponse> route, ApiError internalError) {
    try {
      return route.get();
    } catch (ApiException e) {
      return error(e);
    } catch (RuntimeException e) {
      log.error("request failed with a bug", e);
      return error(internalError);
    }
  }

  /** Serializes {@code body} (a JsonObject, record, map or list) with Gson. */
  public static APIGatewayV2HTTPResponse json(int status, Object body) {
    return json(status, body, Map.of());
  }

  public static APIGatewayV2HTTPResponse json(
      int status, Object body, Map<String, String> extraHeaders) {
    Map<String, String> headers = new HashMap<>(extraHeaders);
    headers.put("content-type", "application/json");
    headers.put("cache-control", "no-store");
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status)
        .withHeaders(headers)
        .withBody(body instanceof JsonObject o ? o.toString() : GSON.toJson(body))
        .withIsBase64Encoded(false)
        .build();
  }

  /** The refusal's status, error body and headers; logged as a rejection or an upstream failure. */
  public static APIGatewayV2HTTPResponse error(ApiException e) {
    ApiError error = ApiErrors.of(e);
    if (error.status() >= 500) {
      log.warn("request failed upstream: {} {}", error.code(), e.getMessage());
    } else {
      log.info("request rejected: {} {}", error.status(), error.code());
    }
    return error(error, ApiErrors.headers(e));
  }

  public static APIGatewayV2HTTPResponse error(ApiError error) {
    return error(error, Map.of());
  }

  public static APIGatewayV2HTTPResponse error(ApiError error, Map<String, String> extraHeaders) {
    return json(error.status(), error.toJsonObject(), extraHeaders);
  }
}
