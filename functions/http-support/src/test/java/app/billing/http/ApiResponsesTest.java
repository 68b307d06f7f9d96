package app.billing.http;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.log.LogKeys;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ApiResponsesTest {

  private static Context context(String requestId) {
    return (Context)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) -> method.getName().equals("getAwsRequestId") ? requestId : null);
  }

  @Test
  void aBugIsA500ThatSaysNothingOfItsCause() {
    APIGatewayV2HTTPResponse response =
        ApiResponses.handle(
            () -> {
              throw new IllegalStateException("secret detail");
            });

    assertThat(response.getStatusCode()).isEqualTo(500);
    assertThat(response.getBody())
        .isEqualTo(
            "{\"error\":{\"code\":\"internal_error\","
                + "\"message\":\"Something went wrong on our side.\"}}");
    assertThat(response.getHeaders()).containsEntry("cache-control", "no-store");
  }

  @Test
  void anEmptyRequestIsA400() {
    APIGatewayV2HTTPResponse response =
        ApiResponses.serve(null, null, request -> ApiResponses.json(200, Map.of()));

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(response.getBody())
        .isEqualTo(
            "{\"error\":{\"code\":\"invalid_request\",\"message\":\"The request is empty.\"}}");
  }

  @Test
  void methodNotAllowedNamesTheAllowedMethod() {
    APIGatewayV2HTTPResponse response = ApiResponses.methodNotAllowed("POST");

    assertThat(response.getStatusCode()).isEqualTo(405);
    assertThat(response.getHeaders())
        .containsEntry("allow", "POST")
        .containsEntry("cache-control", "no-store")
        .containsEntry("content-type", "application/json");
    assertThat(response.getBody())
        .isEqualTo(
            "{\"error\":{\"code\":\"method_not_allowed\","
                + "\"message\":\"Only POST is allowed on this route.\"}}");
  }

  @Test
  void jsonSerializesRecordsWithoutHtmlEscapingAndKeepsNulls() {
    record View(String url, String missing) {}

    APIGatewayV2HTTPResponse response =
        ApiResponses.json(201, new View("https://a.example/?a=1&b=<2>", null));

    assertThat(response.getStatusCode()).isEqualTo(201);
    assertThat(response.getBody())
        .isEqualTo("{\"url\":\"https://a.example/?a=1&b=<2>\",\"missing\":null}");
  }

  @Test
  void theRequestIdIsInTheLogContextDuringTheRouteAndClearedAfter() {
    AtomicReference<String> seen = new AtomicReference<>();
    MDC.put(LogKeys.TENANT_ID, "left-over");

    ApiResponses.serve(
        ApiPriming.request("GET", "/billing/plans", "tenant-1", null),
        context("req-1"),
        request -> {
          request.tenantId();
          seen.set(MDC.get(LogKeys.AWS_REQUEST_ID) + "/" + MDC.get(LogKeys.TENANT_ID));
          return ApiResponses.json(200, Map.of());
        });

    assertThat(seen.get()).isEqualTo("req-1/tenant-1");
    assertThat(MDC.getCopyOfContextMap())
        .satisfiesAnyOf(m -> assertThat(m).isNull(), m -> assertThat(m).isEmpty());
  }
}
