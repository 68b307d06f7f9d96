package app.billing.http;

import app.billing.core.error.ApiException;
import app.billing.core.error.RateLimitedException;
import app.billing.core.error.ValidationException;
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

/** JSON responses, and the one place where exceptions become HTTP statuses. */
public final class ApiResponses {
  private static final Logger log = LoggerFactory.getLogger(ApiResponses.class);
  private static final Gson GSON =
      new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private ApiResponses() {}

  /** Key of the Lambda request id in the log context. */
  public static final String MDC_REQUEST_ID = "awsRequestId";

  /**
   * Serves one Lambda invocation of an API function: the request id goes into the log context, the
   * route runs with what it throws mapped to statuses, and the log context is cleared afterwards so
   * nothing leaks into the next invocation of the container.
   */
  public static APIGatewayV2HTTPResponse serve(
      APIGatewayV2HTTPEvent event,
      Context context,
      Function<ApiRequest, APIGatewayV2HTTPResponse> route) {
    if (context != null && context.getAwsRequestId() != null) {
      MDC.put(MDC_REQUEST_ID, context.getAwsRequestId());
    }
    try {
      return handle(
          () -> {
            if (event == null) {
              throw new ValidationException("invalid_request", "The request is empty.");
            }
            return route.apply(new ApiRequest(event));
          });
    } finally {
      MDC.clear();
    }
  }

  /** 405 with the {@code Allow} header. */
  public static APIGatewayV2HTTPResponse methodNotAllowed(String allowedMethod) {
    return json(
        405,
        errorBody(
            "method_not_allowed", "Only " + allowedMethod + " is allowed on this route.", Map.of()),
        Map.of("allow", allowedMethod));
  }

  /**
   * Runs the route and maps what it throws: {@link ApiException}s to their status, anything else to
   * 500.
   */
  public static APIGatewayV2HTTPResponse handle(Supplier<APIGatewayV2HTTPResponse> route) {
    try {
      return route.get();
    } catch (ApiException e) {
      if (e.status() >= 500) {
        log.warn("request failed upstream: {} {}", e.code(), e.getMessage());
      } else {
        log.info("request rejected: {} {}", e.status(), e.code());
      }
      return error(e);
    } catch (RuntimeException e) {
      log.error("request failed with a bug", e);
      return json(500, errorBody("internal_error", "Something went wrong on our side.", Map.of()));
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

  public static APIGatewayV2HTTPResponse error(ApiException e) {
    Map<String, String> headers =
        e instanceof RateLimitedException r
            ? Map.of("retry-after", Long.toString(r.retryAfterSeconds()))
            : Map.of();
    return json(e.status(), errorBody(e.code(), e.getMessage(), e.details()), headers);
  }

  private static JsonObject errorBody(String code, String message, Map<String, String> details) {
    JsonObject error = new JsonObject();
    error.addProperty("code", code);
    error.addProperty("message", message);
    details.forEach(error::addProperty);
    JsonObject body = new JsonObject();
    body.add("error", error);
    return body;
  }
}
