package app.billing.bench.coldstart;

import app.billing.webhook.handler.WebhookHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One cold start of the webhook function, timed from outside as a whole process (hyperfine): a
 * fresh JVM builds {@link WebhookHandler} the way Lambda does (no-arg constructor, configuration
 * from the process environment) and serves ONE {@code POST /webhooks/stripe} with a signed event,
 * which it verifies and sends to the queue named by {@code EVENT_QUEUE_URL}.
 *
 * <p>Runs with the shaded {@code webhook-function.jar} first on the classpath and the bench classes
 * after it, so every class the function needs comes from the deployment jar. Uses nothing but the
 * handler and the event type, so it loads no class the function would not.
 *
 * <p>Arguments: the file holding the raw body, the file holding the {@code Stripe-Signature}
 * header. Exits 1 unless the answer is 200 with the event enqueued.
 */
public final class WebhookColdStart {
  private WebhookColdStart() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: WebhookColdStart <body file> <signature header file>");
      System.exit(2);
    }
    String body = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
    String signature = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8).strip();

    var request = new APIGatewayV2HTTPEvent();
    request.setRouteKey("POST /webhooks/stripe");
    request.setRawPath("/webhooks/stripe");
    request.setHeaders(Map.of("content-type", "application/json", "stripe-signature", signature));
    request.setBody(body);
    request.setIsBase64Encoded(false);
    request.setRequestContext(
        APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(
                APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                    .withMethod("POST")
                    .withPath("/webhooks/stripe")
                    .build())
            .build());

    var response = new WebhookHandler().handleRequest(request, null);

    System.out.println("STATUS " + response.getStatusCode() + " BODY " + response.getBody());
    boolean ok =
        response.getStatusCode() == 200 && response.getBody().contains("\"enqueued\":true");
    System.exit(ok ? 0 : 1);
  }
}
