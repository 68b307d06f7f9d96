package app.billing.sqs;

import app.billing.core.event.EventEnvelope;
import app.billing.core.port.EventQueue;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * Sends verified Stripe events to the FIFO event queue: one message group per customer (so a
 * customer's events are applied in order), deduplicated by Stripe event id (so Stripe's retries and
 * duplicate deliveries within SQS's five-minute window collapse into one message).
 */
public final class SqsEventQueue implements EventQueue {
  public static final String ATTRIBUTE_EVENT_TYPE = "eventType";
  public static final String ATTRIBUTE_EVENT_ID = "eventId";

  private static final Logger log = LoggerFactory.getLogger(SqsEventQueue.class);

  private final SqsClient sqs;
  private final String queueUrl;

  public SqsEventQueue(SqsClient sqs, String queueUrl) {
    this.sqs = Objects.requireNonNull(sqs, "sqs");
    this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
  }

  /**
   * The production client: URL-connection HTTP client (no Apache or Netty in the jar), short
   * timeouts so a slow SQS turns into a retry by Stripe rather than a Lambda timeout. Credentials
   * come from the SDK's default chain; the region too unless given.
   *
   * @param region the region, or empty for the SDK's default region chain ({@code AWS_REGION})
   * @param endpoint an endpoint override for local runs (e.g. ElasticMQ), or empty
   */
  public static SqsClient createClient(Optional<String> region, Optional<URI> endpoint) {
    SqsClientBuilder builder = SqsClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(5)))
        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(10)));
    region.map(Region::of).ifPresent(builder::region);
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  @Override
  public void enqueue(EventEnvelope envelope, String payload) {
    SendMessageRequest request = SendMessageRequest.builder()
        .queueUrl(queueUrl)
        .messageGroupId(envelope.orderingKey())
        .messageDeduplicationId(envelope.id())
        .messageBody(payload)
        .messageAttributes(Map.of(
            ATTRIBUTE_EVENT_TYPE, stringAttribute(envelope.type()),
            ATTRIBUTE_EVENT_ID, stringAttribute(envelope.id())))
        .build();
    try {
      SendMessageResponse response = sqs.sendMessage(request);
      log.debug("Sent to event queue as message {} (sequence {})", response.messageId(),
          response.sequenceNumber());
    } catch (SdkException e) {
      throw new QueueUnavailableException("SendMessage to the event queue failed: " + e.getMessage(), e);
    }
  }

  private static MessageAttributeValue stringAttribute(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
