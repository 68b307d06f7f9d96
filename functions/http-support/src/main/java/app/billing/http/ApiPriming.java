package app.billing.http;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * Canned HTTP API requests for SnapStart priming of the API functions (see {@code
 * app.billing.core.priming.Priming}): each is run through the function's real handler, and must
 * give the expected status; requests that would need AWS or Stripe are not sent this way (their SDK
 * path is primed on an offline client instead), so priming logs no error and calls nothing.
 */
public final class ApiPriming {
  private ApiPriming() {}

  /**
   * A payload 2.0 request as API Gateway sends it; {@code tenantId} null means no authorizer
   * context.
   */
  public static APIGatewayV2HTTPEvent request(
      String method, String path, String tenantId, String body) {
    Map<String, String> headers =
        new HashMap<>(Map.of("accept", "application/json", "user-agent", "priming"));
    if (body != null) {
      headers.put("content-type", "application/json");
    }
    APIGatewayV2HTTPEvent.RequestContext.RequestContextBuilder context =
        APIGatewayV2HTTPEvent.RequestContext.builder()
            .withRequestId("priming")
            .withRouteKey(method + " " + path)
            .withStage("$default")
            .withHttp(
                APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                    .withMethod(method)
                    .withPath(path)
                    .withProtocol("HTTP/1.1")
                    .withSourceIp("127.0.0.1")
                    .withUserAgent("priming")
                    .build());
    if (tenantId != null) {
      APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer =
          new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
      authorizer.setLambda(Map.of(ApiRequest.TENANT_CONTEXT_KEY, tenantId));
      context.withAuthorizer(authorizer);
    }
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey(method + " " + path)
        .withRawPath(path)
        .withRawQueryString("")
        .withHeaders(headers)
        .withRequestContext(context.build())
        .withBody(body)
        .withIsBase64Encoded(false)
        .build();
  }

  /** Runs the request; throws when the status is not the expected one (the primer then logs it). */
  public static APIGatewayV2HTTPResponse expect(
      RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
      APIGatewayV2HTTPEvent request,
      int status) {
    APIGatewayV2HTTPResponse response = handler.handleRequest(request, null);
    if (response.getStatusCode() != status) {
      throw new IllegalStateException(
          "priming "
              + request.getRouteKey()
              + " answered "
              + response.getStatusCode()
              + " instead of "
              + status
              + ": "
              + response.getBody());
    }
    return response;
  }
}
