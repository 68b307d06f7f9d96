package app.billing.bench.coldstart;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One cold start of the checkout function: a fresh JVM instantiates {@code
 * app.billing.checkout.handler.CheckoutHandler} by name with its no-arg constructor, as Lambda does
 * (configuration from the process environment), and serves ONE {@code POST /billing/checkout} for a
 * tenant the authorizer would have put into the request context. For a tenant without a Stripe
 * customer yet that is: rate-limit count, tenant and subscription reads, Stripe customer creation,
 * customer attach and link, Checkout session creation. Classpath: {@code checkout-function.jar}
 * first, the bench's cold-start classes after it.
 *
 * <p>Arguments: the file holding the tenant id, the file holding the JSON body. Exits 1 unless 201.
 */
public final class CheckoutColdStart {
  static final String HANDLER = "app.billing.checkout.handler.CheckoutHandler";

  private CheckoutColdStart() {}

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: CheckoutColdStart <tenant id file> <body file>");
      System.exit(2);
    }
    String tenantId = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8).strip();
    String body = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);

    var request = new APIGatewayV2HTTPEvent();
    request.setRouteKey("POST /billing/checkout");
    request.setRawPath("/billing/checkout");
    request.setHeaders(Map.of("content-type", "application/json", "accept", "application/json"));
    request.setBody(body);
    request.setIsBase64Encoded(false);
    request.setRequestContext(
        APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(
                APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                    .withMethod("POST")
                    .withPath("/billing/checkout")
                    .build())
            .withAuthorizer(
                APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withLambda(Map.of("tenantId", tenantId))
                    .build())
            .build());

    var handler =
        (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
            Class.forName(HANDLER).getConstructor().newInstance();
    var response = handler.handleRequest(request, null);

    System.out.println("STATUS " + response.getStatusCode() + " BODY " + response.getBody());
    System.exit(response.getStatusCode() == 201 ? 0 : 1);
  }
}
