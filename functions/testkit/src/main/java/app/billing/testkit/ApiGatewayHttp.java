package app.billing.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.HashMap;
import java.util.Map;

/**
 * API Gateway HTTP API (payload 2.0) requests as the authorizer passes them on, and reading the
 * JSON answers of our API functions. Needs AssertJ on the test classpath (an optional dependency
 * here).
 */
public final class ApiGatewayHttp {
  private ApiGatewayHttp() {}

  /** The same request as the authorizer would pass it for another tenant. */
  public static APIGatewayV2HTTPEvent asTenant(APIGatewayV2HTTPEvent event, String tenantId) {
    Map<String, Object> lambda =
        new HashMap<>(event.getRequestContext().getAuthorizer().getLambda());
    lambda.put("tenantId", tenantId);
    event.getRequestContext().getAuthorizer().setLambda(lambda);
    return event;
  }

  public static APIGatewayV2HTTPEvent withBody(APIGatewayV2HTTPEvent event, String body) {
    event.setBody(body);
    event.setIsBase64Encoded(false);
    return event;
  }

  public static JsonObject json(APIGatewayV2HTTPResponse response) {
    assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
    return JsonParser.parseString(response.getBody()).getAsJsonObject();
  }

  /**
   * Asserts the one error shape, {@code {"error": {"code", "message", ...}}}, and returns the error
   * object.
   */
  public static JsonObject error(APIGatewayV2HTTPResponse response, int status, String code) {
    assertThat(response.getStatusCode()).as("status of %s", response.getBody()).isEqualTo(status);
    JsonObject body = json(response);
    assertThat(body.keySet()).containsExactly("error");
    JsonObject error = body.getAsJsonObject("error");
    assertThat(error.get("code").getAsString()).isEqualTo(code);
    assertThat(error.get("message").getAsString()).isNotBlank();
    return error;
  }
}
