package app.billing.webhook.handler;

import app.billing.core.config.StripeMode;
import app.billing.core.event.EventEnvelope;
import app.billing.core.port.EventQueue;
import app.billing.core.priming.Priming;
import app.billing.priming.OfflineClients;
import app.billing.sqs.SqsEventQueue;
import app.billing.webhook.StripeSignatureVerifier;
import app.billing.webhook.WebhookConfig;
import app.billing.webhook.WebhookService;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the webhook's first request runs, run before the SnapStart snapshot on a canned Stripe event
 * signed with a throwaway secret: the handler (JSON and base64 bodies), signature verification
 * (HMAC), the envelope reader (Gson) and the response; then the SQS SendMessage the adapter would
 * make, marshalled and signed by a separate client whose request is stopped before it is sent.
 * Nothing leaves the process and nothing is enqueued; the production service is not touched.
 */
final class WebhookPriming implements Priming.Primer {
  static final String CANNED_EVENT = "priming/stripe-event.json";

  private final Optional<String> region;

  WebhookPriming(Optional<String> region) {
    this.region = region;
  }

  @Override
  public void prime() throws IOException {
    String payload = canned();
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String secret = "whsec_priming_" + HexFormat.of().formatHex(random);
    Clock clock = Clock.systemUTC();
    EventEnvelope[] received = new EventEnvelope[1];
    EventQueue capture = (envelope, body) -> received[0] = envelope;
    WebhookHandler handler =
        new WebhookHandler(
            new WebhookService(
                new StripeSignatureVerifier(
                    List.of(secret), StripeSignatureVerifier.DEFAULT_TOLERANCE, clock),
                capture,
                WebhookConfig.DEFAULT_MAX_BODY_BYTES,
                // The canned event's mode, so that the enqueue path runs too.
                StripeMode.TEST));

    String signature = header(payload, secret, clock.instant().getEpochSecond());
    expect200(handler.handleRequest(request(payload, false, signature), null));
    expect200(
        handler.handleRequest(
            request(
                Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8)),
                true,
                signature),
            null));
    handler.handleRequest(request(payload, false, "t=1,v1=00"), null); // the refusal path

    try (SqsClient offline = OfflineClients.configure(SqsClient.builder(), region).build()) {
      new SqsEventQueue(
              offline,
              "https://sqs."
                  + region.filter(r -> !r.isBlank()).orElse("us-east-1")
                  + ".amazonaws.com/000000000000/priming.fifo")
          .enqueue(received[0], payload);
      throw new IllegalStateException("the priming SendMessage was not stopped");
    } catch (EventQueue.QueueUnavailableException e) {
      if (!OfflineClients.isStopped(e)) {
        throw e;
      }
    }
  }

  private static void expect200(APIGatewayV2HTTPResponse response) {
    if (response.getStatusCode() != 200) {
      throw new IllegalStateException(
          "priming request answered " + response.getStatusCode() + ": " + response.getBody());
    }
  }

  static APIGatewayV2HTTPEvent request(String body, boolean base64, String signature) {
    return APIGatewayV2HTTPEvent.builder()
        .withRouteKey("POST /webhooks/stripe")
        .withRawPath("/webhooks/stripe")
        .withHeaders(
            Map.of(
                "content-type", "application/json; charset=utf-8", "stripe-signature", signature))
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod("POST")
                        .withPath("/webhooks/stripe")
                        .build())
                .withRequestId("priming")
                .build())
        .withBody(body)
        .withIsBase64Encoded(base64)
        .build();
  }

  static String header(String payload, String secret, long timestamp) {
    return StripeSignatureVerifier.header(payload, secret, timestamp);
  }

  static String canned() throws IOException {
    try (InputStream in = WebhookPriming.class.getClassLoader().getResourceAsStream(CANNED_EVENT)) {
      if (in == null) {
        throw new IOException("missing " + CANNED_EVENT);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
