package app.billing.webhook.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run by {@link ShadedJarIT} in a separate JVM whose classpath is the shaded function jar (plus
 * this class): builds the handler the way Lambda does, with the no-arg constructor and the process
 * environment, and sends it one POST. Prints {@code STATUS <code>} and {@code BODY <json>}.
 *
 * <p>Arguments: the file holding the body, and the Stripe-Signature header.
 */
public final class ShadedJarProbe {
  private ShadedJarProbe() {}

  public static void main(String[] args) throws Exception {
    String body = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
    var request = new APIGatewayV2HTTPEvent();
    request.setRouteKey("POST /webhooks/stripe");
    request.setRawPath("/webhooks/stripe");
    request.setHeaders(Map.of("content-type", "application/json", "stripe-signature", args[1]));
    request.setBody(body);
    request.setRequestContext(
        APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(
                APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
            .build());

    var response = new WebhookHandler().handleRequest(request, null);

    System.out.println("STATUS " + response.getStatusCode());
    System.out.println("BODY " + response.getBody());
  }
}
