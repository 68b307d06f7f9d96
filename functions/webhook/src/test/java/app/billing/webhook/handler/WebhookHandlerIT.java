package app.billing.webhook.handler;

import static app.billing.testkit.story.Story.STARTER_PRODUCT_CREATED;
import static app.billing.testkit.story.Story.TRIAL_CHECKOUT_COMPLETED;
import static app.billing.testkit.story.Story.TRIAL_INVOICE_PAID;
import static app.billing.webhook.Fixtures.CLOCK;
import static app.billing.webhook.Fixtures.NOW;
import static app.billing.webhook.Fixtures.OLD_SECRET;
import static app.billing.webhook.Fixtures.SECRET;
import static app.billing.webhook.Fixtures.request;
import static app.billing.webhook.Fixtures.stripeEvent;
import static app.billing.webhook.Fixtures.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.config.ConfigException;
import app.billing.core.config.StripeMode;
import app.billing.sqs.SqsEventQueue;
import app.billing.testkit.EmbeddedSqs;
import app.billing.testkit.LocalAws;
import app.billing.testkit.Ports;
import app.billing.testkit.StripeSignatures;
import app.billing.testkit.story.Story;
import app.billing.webhook.StripeSignatureVerifier;
import app.billing.webhook.WebhookConfig;
import app.billing.webhook.WebhookService;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonParser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The real handler, service and SQS adapter against an embedded ElasticMQ FIFO queue. Requests come
 * from {@code events/webhook/}, bodies from testkit's story, signed at the fixed clock's time.
 */
class WebhookHandlerIT {
  private static final String CUSTOMER = "cus_1BREyS0ms3pllo";
  private static final String CHECKOUT_EVENT_ID = "evt_1aWs8MSb7kQ2wLn5dpkPYNg1";
  private static final AtomicInteger QUEUE_COUNTER = new AtomicInteger();

  @AutoClose private static EmbeddedSqs sqs;

  private String queueUrl;
  private WebhookHandler handler;

  @BeforeAll
  static void startSqs() {
    sqs = EmbeddedSqs.start();
  }

  @BeforeEach
  void freshQueue() {
    // A queue per test: FIFO deduplication would otherwise swallow the same event across tests.
    int n = QUEUE_COUNTER.incrementAndGet();
    queueUrl =
        sqs.createFifoQueueWithDlq(
                "billing-events-" + n + ".fifo", "billing-events-dlq-" + n + ".fifo", 5, 60)
            .queueUrl();
    handler = handler(List.of(SECRET), new SqsEventQueue(sqs.client(), queueUrl));
  }

  private static WebhookHandler handler(List<String> secrets, SqsEventQueue queue) {
    return new WebhookHandler(
        new WebhookService(
            new StripeSignatureVerifier(secrets, StripeSignatureVerifier.DEFAULT_TOLERANCE, CLOCK),
            queue,
            WebhookConfig.DEFAULT_MAX_BODY_BYTES,
            StripeMode.TEST));
  }

  private static String sign(String payload) {
    return StripeSignatures.header(payload, SECRET, NOW.getEpochSecond());
  }

  private static APIGatewayV2HTTPEvent post(String payload, String signature) {
    return withBody(request("stripe-event-checkout-completed.json"), payload, signature);
  }

  private static String errorCode(APIGatewayV2HTTPResponse response) {
    assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
    return JsonParser.parseString(response.getBody())
        .getAsJsonObject()
        .getAsJsonObject("error")
        .get("code")
        .getAsString();
  }

  /** Visible + in flight + delayed: every message the queue holds. */
  private int messageCount() {
    Map<QueueAttributeName, String> attributes =
        sqs.client()
            .getQueueAttributes(
                b ->
                    b.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
            .attributes();
    return attributes.values().stream().mapToInt(Integer::parseInt).sum();
  }

  private Message onlyMessage() {
    assertThat(messageCount()).as("messages on the queue").isEqualTo(1);
    List<Message> messages =
        sqs.client()
            .receiveMessage(
                b ->
                    b.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
            .messages();
    assertThat(messages).hasSize(1);
    return messages.getFirst();
  }

  private void assertRejected(APIGatewayV2HTTPResponse response, int status, String code) {
    assertThat(response.getStatusCode()).isEqualTo(status);
    assertThat(errorCode(response)).isEqualTo(code);
    assertThat(messageCount()).as("messages on the queue").isZero();
  }

  @Test
  void enqueuesAVerifiedEventOnceInItsCustomersGroup() {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);

    var response = handler.handleRequest(post(payload, sign(payload)), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getBody()).isEqualTo("{\"received\":true,\"enqueued\":true}");
    Message message = onlyMessage();
    assertThat(message.body()).isEqualTo(payload);
    assertThat(message.attributes())
        .containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, CUSTOMER)
        .containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, CHECKOUT_EVENT_ID);
    assertThat(message.messageAttributes().get("eventType").stringValue())
        .isEqualTo("checkout.session.completed");
    assertThat(message.messageAttributes().get("eventId").stringValue())
        .isEqualTo(CHECKOUT_EVENT_ID);
    assertThat(message.messageAttributes().get("eventId").dataType()).isEqualTo("String");
  }

  @Test
  void rejectsATamperedBody() {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    String tampered = payload.replace("usr_8f3a1c2e", "usr_attacker");

    assertRejected(
        handler.handleRequest(post(tampered, sign(payload)), null), 400, "invalid_signature");
  }

  @Test
  void rejectsASignatureMadeWithAnotherSecret() {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    String header = StripeSignatures.header(payload, "whsec_not_ours", NOW.getEpochSecond());

    assertRejected(handler.handleRequest(post(payload, header), null), 400, "invalid_signature");
  }

  @Test
  void acceptsTheSecondSecretWhileSecretsAreRotated() {
    WebhookHandler rotating =
        handler(List.of(OLD_SECRET, SECRET), new SqsEventQueue(sqs.client(), queueUrl));
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);

    var response = rotating.handleRequest(post(payload, sign(payload)), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(onlyMessage().body()).isEqualTo(payload);
  }

  @Test
  void rejectsASignatureOlderThanFiveMinutes() {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    String header = StripeSignatures.header(payload, SECRET, NOW.getEpochSecond() - 301);

    assertRejected(handler.handleRequest(post(payload, header), null), 400, "invalid_signature");
  }

  @Test
  void rejectsARequestWithoutSignature() {
    var event =
        withBody(
            request("stripe-event-no-signature.json"), stripeEvent(TRIAL_CHECKOUT_COMPLETED), null);
    assertThat(event.getHeaders()).doesNotContainKey("stripe-signature");

    assertRejected(handler.handleRequest(event, null), 400, "missing_signature");
  }

  @Test
  void verifiesTheDecodedBytesOfABase64Body() {
    String payload = stripeEvent(TRIAL_INVOICE_PAID);
    APIGatewayV2HTTPEvent event = request("stripe-event-base64.json");
    withBody(
        event,
        Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8)),
        sign(payload));

    var response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    Message message = onlyMessage();
    assertThat(message.body()).isEqualTo(payload);
    assertThat(message.attributes())
        .containsEntry(
            MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, "evt_1cRiWKSb7kQ2wLn5ajswIstT");
  }

  @Test
  void refusesAnOversizedBodyEvenWhenSigned() {
    String event = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    String payload = event + " ".repeat(WebhookConfig.DEFAULT_MAX_BODY_BYTES + 1 - event.length());

    assertRejected(
        handler.handleRequest(post(payload, sign(payload)), null), 413, "payload_too_large");
  }

  @Test
  void rejectsASignedBodyThatIsNotJson() {
    String payload = "this is not json";

    assertRejected(handler.handleRequest(post(payload, sign(payload)), null), 400, "invalid_event");
  }

  @Test
  void rejectsSignedJsonThatIsNotAStripeEvent() {
    String payload = "{\"id\": \"cus_1BREyS0ms3pllo\", \"object\": \"customer\"}";

    assertRejected(handler.handleRequest(post(payload, sign(payload)), null), 400, "invalid_event");
  }

  @Test
  void acknowledgesAnUnhandledTypeWithoutEnqueueing() {
    String payload = stripeEvent(STARTER_PRODUCT_CREATED);
    var event = withBody(request("stripe-event-product-created.json"), payload, sign(payload));

    var response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getBody()).isEqualTo("{\"received\":true,\"enqueued\":false}");
    assertThat(messageCount()).isZero();
  }

  @Test
  void answers500WhileSqsIsDownAndEnqueuesOnStripesRetry() {
    URI closed = URI.create("http://127.0.0.1:" + Ports.free());
    try (SqsClient down = LocalAws.configure(SqsClient.builder(), closed).build()) {
      WebhookHandler unlucky = handler(List.of(SECRET), new SqsEventQueue(down, queueUrl));
      String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);

      assertRejected(
          unlucky.handleRequest(post(payload, sign(payload)), null), 500, "queue_unavailable");

      // Stripe retries the same delivery later; by then SQS answers again.
      var retry = handler.handleRequest(post(payload, sign(payload)), null);
      assertThat(retry.getStatusCode()).isEqualTo(200);
      assertThat(onlyMessage().body()).isEqualTo(payload);
    }
  }

  /** A signed event padded with an extra top-level field to {@code bytes} UTF-8 bytes. */
  private static String eventOfSize(int bytes) {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    String head = "{\"padding\":\"";
    String tail = "\"," + payload.substring(payload.indexOf('{') + 1);
    return head
        + "x".repeat(bytes - head.length() - tail.getBytes(StandardCharsets.UTF_8).length)
        + tail;
  }

  private static WebhookHandler handler(SqsEventQueue queue, int maxBodyBytes) {
    return new WebhookHandler(
        new WebhookService(
            new StripeSignatureVerifier(
                List.of(SECRET), StripeSignatureVerifier.DEFAULT_TOLERANCE, CLOCK),
            queue,
            maxBodyBytes,
            StripeMode.TEST));
  }

  @Test
  void answers413ForGoodWhenSqsRefusesTheMessageAsTooLarge() {
    // An adapter that believes the queue takes 2 MiB sends it; ElasticMQ, like SQS, refuses over 1
    // MiB.
    WebhookHandler unchecked =
        handler(new SqsEventQueue(sqs.client(), queueUrl, 2 * 1_048_576), 2 * 1_048_576);
    String payload = eventOfSize(1_048_576 + 1);

    assertRejected(
        unchecked.handleRequest(post(payload, sign(payload)), null), 413, "payload_too_large");
    assertThat(messageCount()).isZero();
  }

  @Test
  void refusesAMessageOverTheQueuesLimitBeforeSendingIt() {
    try (SqsClient nowhere =
        LocalAws.configure(SqsClient.builder(), URI.create("http://127.0.0.1:" + Ports.free()))
            .build()) {
      // Body within the service's limit, body + attributes over the queue's: no SendMessage is
      // tried.
      WebhookHandler tight = handler(new SqsEventQueue(nowhere, queueUrl, 8_192), 8_192);
      String payload = eventOfSize(8_192 - 20);

      assertRejected(
          tight.handleRequest(post(payload, sign(payload)), null), 413, "payload_too_large");
    }
  }

  @Test
  void enqueuesTheLargestBodyTheConfigurationAllowsWithItsAttributes() {
    WebhookHandler largest =
        handler(new SqsEventQueue(sqs.client(), queueUrl), WebhookConfig.MAX_BODY_BYTES_CEILING);
    String payload = eventOfSize(WebhookConfig.MAX_BODY_BYTES_CEILING);

    var response = largest.handleRequest(post(payload, sign(payload)), null);

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
    assertThat(onlyMessage().body()).isEqualTo(payload);
  }

  @Test
  void keepsOneMessageWhenStripeDeliversTheSameEventTwice() {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);

    var first = handler.handleRequest(post(payload, sign(payload)), null);
    var second =
        handler.handleRequest(
            post(payload, StripeSignatures.header(payload, SECRET, NOW.getEpochSecond() - 60)),
            null);

    assertThat(first.getStatusCode()).isEqualTo(200);
    assertThat(second.getStatusCode()).isEqualTo(200);
    assertThat(onlyMessage().body()).isEqualTo(payload);
  }

  @Test
  void answers405ToAGet() {
    assertRejected(
        handler.handleRequest(request("get-webhooks-stripe.json"), null),
        405,
        "method_not_allowed");
  }

  @Test
  void productionWiringFromEnvironmentReachesTheQueue() {
    Map<String, String> env =
        Map.of(
            "STRIPE_WEBHOOK_SECRETS",
            OLD_SECRET + "," + SECRET,
            "EVENT_QUEUE_URL",
            queueUrl,
            "AWS_REGION",
            "us-east-1",
            "AWS_ENDPOINT_URL_SQS",
            sqs.endpoint().toString(),
            "STRIPE_MODE",
            "test");
    // The production client takes credentials from the default chain; system properties come first.
    withSystemProperties(
        Map.of("aws.accessKeyId", "local", "aws.secretAccessKey", "local"),
        () -> {
          WebhookHandler wired = WebhookWiring.fromEnvironment(env, CLOCK);
          String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);

          assertThat(wired.handleRequest(post(payload, sign(payload)), null).getStatusCode())
              .isEqualTo(200);
          assertThat(onlyMessage().body()).isEqualTo(payload);
        });
  }

  @Test
  void acknowledgesAnEventOfTheOtherModeAndLeavesTheQueueEmpty() {
    String test = stripeEvent(Story.TRIAL_CHECKOUT_COMPLETED);
    String live = test.replace("\"livemode\": false", "\"livemode\": true");
    assertThat(live).contains("\"livemode\": true");

    var response = handler.handleRequest(post(live, sign(live)), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getBody()).isEqualTo("{\"received\":true,\"enqueued\":false}");
    assertThat(messageCount()).as("messages on the queue").isZero();
    // The same event in this deployment's mode goes through.
    assertThat(handler.handleRequest(post(test, sign(test)), null).getStatusCode()).isEqualTo(200);
    assertThat(onlyMessage().body()).isEqualTo(test);
  }

  @Test
  void productionWiringRefusesAnIncompleteEnvironment() {
    ConfigException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ConfigException.class,
            () -> WebhookWiring.fromEnvironment(Map.of("AWS_REGION", "us-east-1"), CLOCK));

    assertThat(e.getMessage()).contains("STRIPE_WEBHOOK_SECRETS").contains("EVENT_QUEUE_URL");
  }

  private static void withSystemProperties(Map<String, String> properties, Runnable body) {
    properties.forEach(System::setProperty);
    try {
      body.run();
    } finally {
      properties.keySet().forEach(System::clearProperty);
    }
  }
}
