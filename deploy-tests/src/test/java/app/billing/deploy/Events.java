package app.billing.deploy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Small readers for request events. */
final class Events {
  private Events() {}

  static String header(APIGatewayV2HTTPEvent event, String name) {
    return header(event.getHeaders(), name);
  }

  static String header(Map<String, String> headers, String name) {
    if (headers == null) {
      return null;
    }
    return headers.entrySet().stream()
        .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  /** The body's exact text (base64 decoded when API Gateway encoded it). */
  static String body(APIGatewayV2HTTPEvent event) {
    if (event.getBody() == null) {
      return "";
    }
    if (!event.getIsBase64Encoded()) {
      return event.getBody();
    }
    try {
      return new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return event.getBody();
    }
  }

  static String method(APIGatewayV2HTTPEvent event) {
    var context = event.getRequestContext();
    return context == null || context.getHttp() == null ? null : context.getHttp().getMethod();
  }

  /**
   * {@code requestContext.authorizer.lambda.tenantId}, as the authorizer's simple response sets it.
   */
  static String tenant(APIGatewayV2HTTPEvent event) {
    var context = event.getRequestContext();
    var authorizer = context == null ? null : context.getAuthorizer();
    var lambda = authorizer == null ? null : authorizer.getLambda();
    return lambda == null || !(lambda.get("tenantId") instanceof String s) ? null : s;
  }
}
