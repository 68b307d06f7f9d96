package app.billing.account.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;

/**
 * Run by {@link ShadedJarIT} in a separate JVM whose classpath is the shaded function jar (plus
 * this class): builds the handler the way Lambda does, with the no-arg constructor and the process
 * environment, and sends it one GET per route given. Prints {@code STATUS <code>} and {@code BODY
 * <json>} for each.
 *
 * <p>Arguments: the tenant the authorizer resolved, then request targets such as {@code
 * /billing/payments?limit=2}.
 */
public final class ShadedJarProbe {
  private ShadedJarProbe() {}

  public static void main(String[] args) {
    AccountHandler handler = new AccountHandler();
    for (int i = 1; i < args.length; i++) {
      String[] target = args[i].split("\\?", 2);
      var request = new APIGatewayV2HTTPEvent();
      request.setRouteKey("GET " + target[0]);
      request.setRawPath(target[0]);
      if (target.length == 2) {
        String[] pair = target[1].split("=", 2);
        request.setQueryStringParameters(Map.of(pair[0], pair[1]));
      }
      request.setRequestContext(
          APIGatewayV2HTTPEvent.RequestContext.builder()
              .withHttp(
                  APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build())
              .withAuthorizer(
                  APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                      .withLambda(Map.of("tenantId", args[0]))
                      .build())
              .build());

      var response = handler.handleRequest(request, null);

      System.out.println("STATUS " + response.getStatusCode());
      System.out.println("BODY " + response.getBody());
    }
  }
}
