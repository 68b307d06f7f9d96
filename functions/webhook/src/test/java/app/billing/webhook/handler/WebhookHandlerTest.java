package app.billing.webhook.handler;

import static app.billing.testkit.story.Story.TRIAL_CHECKOUT_COMPLETED;
import static app.billing.webhook.Fixtures.CLOCK;
import static app.billing.webhook.Fixtures.NOW;
import static app.billing.webhook.Fixtures.SECRET;
import static app.billing.webhook.Fixtures.nonAsciiCheckout;
import static app.billing.webhook.Fixtures.request;
import static app.billing.webhook.Fixtures.stripeEvent;
import static app.billing.webhook.Fixtures.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.config.StripeMode;
import app.billing.testkit.StripeSignatures;
import app.billing.testkit.story.Story;
import app.billing.webhook.FakeEventQueue;
import app.billing.webhook.StripeSignatureVerifier;
import app.billing.webhook.WebhookService;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The handler's own job: HTTP in and out, around a service with an in-memory queue. */
class WebhookHandlerTest {
  private final FakeEventQueue queue = new FakeEventQueue();
  private final WebhookHandler handler =
      new WebhookHandler(
          new WebhookService(
              new StripeSignatureVerifier(
                  List.of(SECRET), StripeSignatureVerifier.DEFAULT_TOLERANCE, CLOCK),
              queue,
              262_144,
              StripeMode.TEST));

  private static String sign(String payload) {
    return StripeSignatures.header(payload, SECRET, NOW.getEpochSecond());
  }

  private static JsonObject json(APIGatewayV2HTTPResponse response) {
    assertThat(response.getHeaders())
        .containsEntry("content-type", "application/json")
        .containsEntry("cache-control", "no-store");
    return JsonParser.parseString(response.getBody()).getAsJsonObject();
  }

  private static String errorCode(APIGatewayV2HTTPResponse response) {
    return json(response).getAsJsonObject("error").get("code").getAsString();
  }

  @Test
  void answers200AndEnqueuesASignedEvent() {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);

    var response =
        handler.handleRequest(
            withBody(request("stripe-event-checkout-completed.json"), payload, sign(payload)),
            null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getBody()).isEqualTo("{\"received\":true,\"enqueued\":true}");
    assertThat(json(response).get("enqueued").getAsBoolean()).isTrue();
    assertThat(queue.sent())
        .singleElement()
        .satisfies(s -> assertThat(s.payload()).isEqualTo(payload));
  }

  @Test
  void findsTheSignatureHeaderWhateverItsCase() {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    APIGatewayV2HTTPEvent event =
        withBody(request("stripe-event-checkout-completed.json"), payload, null);
    var headers = new java.util.HashMap<>(event.getHeaders());
    headers.put("Stripe-Signature", sign(payload));
    event.setHeaders(headers);

    assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(200);
  }

  @Test
  void decodesABase64Body() {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    APIGatewayV2HTTPEvent event = request("stripe-event-base64.json");
    assertThat(event.getIsBase64Encoded()).isTrue();
    withBody(
        event,
        Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8)),
        sign(payload));

    assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(200);
    assertThat(queue.sent())
        .singleElement()
        .satisfies(s -> assertThat(s.payload()).isEqualTo(payload));
  }

  @Test
  void passesANonAsciiTextBodyOnExactly() {
    String payload = nonAsciiCheckout();

    var response =
        handler.handleRequest(
            withBody(request("stripe-event-checkout-completed.json"), payload, sign(payload)),
            null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(queue.sent())
        .singleElement()
        .satisfies(s -> assertThat(s.payload()).isEqualTo(payload));
  }

  @Test
  void decodesANonAsciiBase64Body() {
    String payload = nonAsciiCheckout();
    APIGatewayV2HTTPEvent event =
        withBody(
            request("stripe-event-base64.json"),
            Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8)),
            sign(payload));

    assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(200);
    assertThat(queue.sent())
        .singleElement()
        .satisfies(s -> assertThat(s.payload()).isEqualTo(payload));
  }

  @Test
  void verifiesABase64BodyOverItsDecodedBytesAndRefusesThemWhenNotUtf8() {
    String event = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    int cut = event.indexOf("Austin") + 3;
    var bytes = new java.io.ByteArrayOutputStream();
    bytes.writeBytes(event.substring(0, cut).getBytes(StandardCharsets.UTF_8));
    bytes.write(0xC3); // a lead byte with no continuation: not UTF-8
    bytes.writeBytes(event.substring(cut).getBytes(StandardCharsets.UTF_8));
    byte[] body = bytes.toByteArray();
    String base64 = Base64.getEncoder().encodeToString(body);
    String decodedText = new String(body, StandardCharsets.UTF_8);

    var signedBytes =
        handler.handleRequest(
            withBody(
                request("stripe-event-base64.json"),
                base64,
                StripeSignatures.header(body, SECRET, NOW.getEpochSecond())),
            null);
    var signedText =
        handler.handleRequest(
            withBody(request("stripe-event-base64.json"), base64, sign(decodedText)), null);

    assertThat(signedBytes.getStatusCode()).isEqualTo(400);
    assertThat(errorCode(signedBytes)).isEqualTo("invalid_body");
    assertThat(signedText.getStatusCode()).isEqualTo(400);
    assertThat(errorCode(signedText)).isEqualTo("invalid_signature");
    assertThat(queue.sent()).isEmpty();
  }

  @Test
  void answers400ForAnEmptyBase64Body() {
    var noBody = withBody(request("stripe-event-base64.json"), null, "t=1,v1=00");

    assertThat(errorCode(handler.handleRequest(noBody, null))).isEqualTo("empty_body");
  }

  @Test
  void answers400ForABodyThatIsNotBase64() {
    APIGatewayV2HTTPEvent event =
        withBody(request("stripe-event-base64.json"), "%%% not base64 %%%", "t=1,v1=00");

    var response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(errorCode(response)).isEqualTo("invalid_body");
  }

  @Test
  void answers405ToAnythingButPost() {
    var response = handler.handleRequest(request("get-webhooks-stripe.json"), null);

    assertThat(response.getStatusCode()).isEqualTo(405);
    assertThat(response.getHeaders()).containsEntry("allow", "POST");
    assertThat(errorCode(response)).isEqualTo("method_not_allowed");
    assertThat(queue.sent()).isEmpty();
  }

  @Test
  void answers400WhenTheHeaderIsMissing() {
    var response =
        handler.handleRequest(
            withBody(
                request("stripe-event-no-signature.json"),
                stripeEvent(TRIAL_CHECKOUT_COMPLETED),
                null),
            null);

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(errorCode(response)).isEqualTo("missing_signature");
    assertThat(json(response).getAsJsonObject("error").get("message").getAsString()).isNotBlank();
  }

  @Test
  void answers400ForAnEmptyRequest() {
    assertThat(handler.handleRequest(null, null).getStatusCode()).isEqualTo(400);
    var noBody = withBody(request("stripe-event-checkout-completed.json"), null, "t=1,v1=00");
    assertThat(errorCode(handler.handleRequest(noBody, null))).isEqualTo("empty_body");
  }

  @Test
  void answers500ForAnUnexpectedFailureAndClearsTheLogContext() {
    queue.failWith(new IllegalStateException("bug"));
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);

    var response =
        handler.handleRequest(
            withBody(request("stripe-event-checkout-completed.json"), payload, sign(payload)),
            null);

    assertThat(response.getStatusCode()).isEqualTo(500);
    assertThat(errorCode(response)).isEqualTo("internal_error");
    assertThat(MDC.getCopyOfContextMap())
        .satisfiesAnyOf(m -> assertThat(m).isNull(), m -> assertThat(m).isEmpty());
  }

  @Test
  void acknowledgesALiveEventOnATestDeploymentWithoutEnqueueingIt() {
    String payload =
        stripeEvent(Story.TRIAL_CHECKOUT_COMPLETED)
            .replace("\"livemode\": false", "\"livemode\": true");
    assertThat(payload).contains("\"livemode\": true");

    var response =
        handler.handleRequest(
            withBody(request("stripe-event-checkout-completed.json"), payload, sign(payload)),
            null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getBody()).isEqualTo("{\"received\":true,\"enqueued\":false}");
    assertThat(response.getHeaders()).containsEntry("cache-control", "no-store");
    assertThat(queue.sent()).isEmpty();
  }
}
