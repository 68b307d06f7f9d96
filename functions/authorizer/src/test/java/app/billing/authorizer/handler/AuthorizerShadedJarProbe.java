package app.billing.authorizer.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import java.util.List;
import java.util.Map;

/**
 * Run by {@link AuthorizerShadedJarIT} in a JVM whose classpath is the shaded function jar (plus
 * this class): builds the handler as Lambda does and authorizes one request. Prints {@code RESPONSE
 * <map>}. Argument: the Authorization header.
 */
public final class AuthorizerShadedJarProbe {
  private AuthorizerShadedJarProbe() {}

  public static void main(String[] args) {
    var event = new APIGatewayV2CustomAuthorizerEvent();
    event.setVersion("2.0");
    event.setType("REQUEST");
    event.setRouteKey("GET /account");
    event.setRawPath("/account");
    event.setIdentitySource(List.of(args[0]));
    event.setHeaders(
        Map.of("authorization", args[0], "host", "abc123defg.execute-api.us-east-1.amazonaws.com"));

    Map<String, Object> response = new AuthorizerHandler().handleRequest(event, null);

    System.out.println("RESPONSE " + response);
  }
}
