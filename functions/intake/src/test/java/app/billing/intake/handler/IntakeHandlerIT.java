package app.billing.intake.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.intake.IntakeConfig;
import app.billing.intake.MalformedIntakeEventException;
import app.billing.sqs.SqsEventQueue;
import app.billing.testkit.EmbeddedSqs;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.google.gson.JsonParser;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The intake handler on ElasticMQ, fed the events/intake files as Lambda's deserializer hands them
 * over: the message it sends is the webhook's (same body, group, deduplication id, attributes).
 */
class IntakeHandlerIT {
  static final String SUBSCRIPTION_CREATED = "events/intake/customer.subscription.created.json";
  static final String PRODUCT_CREATED = "events/intake/product.created-not-handled.json";

  @AutoClose private static EmbeddedSqs sqs;
  private static String queueUrl;
  private static IntakeHandler handler;

  @BeforeAll
  static void start() {
    sqs = EmbeddedSqs.start();
    queueUrl =
        sqs.createFifoQueueWithDlq("billing-events.fifo", "billing-events-dlq.fifo", 5, 60)
            .queueUrl();
    IntakeConfig config =
        IntakeConfig.fromEnvironment(
            Map.of(
                "EVENT_QUEUE_URL",
                queueUrl,
                "STRIPE_MODE",
                "test",
                "AWS_REGION",
                "us-east-1",
                "AWS_ENDPOINT_URL_SQS",
                sqs.endpoint().toString()));
    handler = IntakeWiring.build(config, new IntakeWiring.Clients(sqs.client()), Clock.systemUTC());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> load(String file) {
    return EventLoader.loadEvent(file, Map.class);
  }

  @Test
  void aHandledEventLandsOnTheQueueAsTheWebhooksMessageOnceEvenWhenDeliveredTwice() {
    Map<String, Object> event = load(SUBSCRIPTION_CREATED);

    Map<String, Object> first = handler.handleRequest(event, null);
    Map<String, Object> again = handler.handleRequest(event, null);

    assertThat(first)
        .containsEntry("outcome", "enqueued")
        .containsEntry("eventId", "evt_1GYkOASb7kQ2wLn5edYUVePb")
        .containsEntry("eventType", "customer.subscription.created");
    assertThat(again).isEqualTo(first);
    assertThat(messageCount()).as("FIFO deduplication by event id").isEqualTo(1);
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
    Message message = messages.getFirst();
    assertThat(message.attributesAsStrings())
        .containsEntry("MessageGroupId", "cus_1BREyS0ms3pllo")
        .containsEntry("MessageDeduplicationId", "evt_1GYkOASb7kQ2wLn5edYUVePb");
    assertThat(message.messageAttributes().get(SqsEventQueue.ATTRIBUTE_EVENT_TYPE).stringValue())
        .isEqualTo("customer.subscription.created");
    assertThat(message.messageAttributes().get(SqsEventQueue.ATTRIBUTE_EVENT_ID).stringValue())
        .isEqualTo("evt_1GYkOASb7kQ2wLn5edYUVePb");
    assertThat(JsonParser.parseString(message.body()))
        .as("the Stripe event itself, as the webhook enqueues it")
        .isEqualTo(
            JsonParser.parseString(
                    app.billing.testkit.TestResources.read(
                        "stripe-story/09-customer.subscription.created.json"))
                .getAsJsonObject());
    sqs.client().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
  }

  @Test
  void anUnhandledTypeIsNotEnqueuedAndAMalformedEventFailsTheInvocation() {
    int before = messageCount();

    assertThat(handler.handleRequest(load(PRODUCT_CREATED), null))
        .containsEntry("outcome", "ignored");
    Map<String, Object> noDetail = new HashMap<>(load(SUBSCRIPTION_CREATED));
    noDetail.remove("detail");
    assertThatThrownBy(() -> handler.handleRequest(noDetail, null))
        .isInstanceOf(MalformedIntakeEventException.class);

    assertThat(messageCount()).isEqualTo(before);
  }

  private static int messageCount() {
    return sqs
        .client()
        .getQueueAttributes(
            b ->
                b.queueUrl(queueUrl)
                    .attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
        .attributes()
        .values()
        .stream()
        .mapToInt(Integer::parseInt)
        .sum();
  }
}
