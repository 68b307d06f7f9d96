package app.billing.sqs;

import app.billing.core.event.EventEnvelope;
import app.billing.core.port.EventQueue;
import app.billing.core.port.EventQueue.MessageRefusedException.Reason;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
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

  /**
   * The event queue's {@code MaximumMessageSize} in template.yaml (SQS's largest, 1 MiB); the DLQ
   * has the same, so a message that fits the queue fits its redrive. TemplateContractTest holds the
   * template to this value.
   */
  public static final int QUEUE_MAX_MESSAGE_BYTES = 1_048_576;

  /**
   * What the two message attributes may take of a message (SQS counts each one's name, data type
   * and value): the event type is one of the handled types and the event id is at most 128
   * characters (the deduplication id's limit), far below this. The body may use the rest: {@code
   * MAX_WEBHOOK_BODY_BYTES} is checked against it at init.
   */
  public static final int ATTRIBUTES_BUDGET_BYTES = 1_024;

  private static final String STRING = "String";

  /**
   * Refusals of the message itself, in the spellings SQS (query and JSON protocols) and ElasticMQ
   * use: InvalidParameterValue "Message must be shorter than ...", InvalidAttributeValue
   * "MessageTooLong", InvalidMessageContents.
   */
  private static final Set<String> REFUSED_MESSAGE_CODES =
      Set.of(
          "InvalidParameterValue",
          "InvalidParameterValueException",
          "InvalidAttributeValue",
          "InvalidAttributeValueException",
          "InvalidMessageContents",
          "MessageTooLong");

  private static final Logger log = LoggerFactory.getLogger(SqsEventQueue.class);

  private final SqsClient sqs;
  private final String queueUrl;
  private final int maxMessageBytes;

  public SqsEventQueue(SqsClient sqs, String queueUrl) {
    this(sqs, queueUrl, QUEUE_MAX_MESSAGE_BYTES);
  }

  /**
   * @param maxMessageBytes the queue's {@code MaximumMessageSize}
   */
  public SqsEventQueue(SqsClient sqs, String queueUrl, int maxMessageBytes) {
    this.sqs = Objects.requireNonNull(sqs, "sqs");
    this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    this.maxMessageBytes = maxMessageBytes;
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
    SqsClientBuilder builder =
        SqsClient.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(5)))
            .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(10)));
    region.map(Region::of).ifPresent(builder::region);
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  @Override
  public void enqueue(EventEnvelope envelope, String payload) {
    int attributeBytes = attributeBytes(envelope);
    long messageBytes = (long) utf8Length(payload) + attributeBytes;
    if (attributeBytes > ATTRIBUTES_BUDGET_BYTES || messageBytes > maxMessageBytes) {
      // Known before sending: SQS would refuse it every time.
      throw new MessageRefusedException(
          Reason.TOO_LARGE,
          "the message would be "
              + messageBytes
              + " bytes (attributes "
              + attributeBytes
              + "), the queue takes "
              + maxMessageBytes,
          null);
    }
    SendMessageRequest request =
        SendMessageRequest.builder()
            .queueUrl(queueUrl)
            .messageGroupId(envelope.orderingKey())
            .messageDeduplicationId(envelope.id())
            .messageBody(payload)
            .messageAttributes(
                Map.of(
                    ATTRIBUTE_EVENT_TYPE, stringAttribute(envelope.type()),
                    ATTRIBUTE_EVENT_ID, stringAttribute(envelope.id())))
            .build();
    try {
      SendMessageResponse response = sqs.sendMessage(request);
      log.debug(
          "Sent to event queue as message {} (sequence {})",
          response.messageId(),
          response.sequenceNumber());
    } catch (SdkException e) {
      Optional<Reason> refused = refusal(e);
      if (refused.isPresent()) {
        throw new MessageRefusedException(
            refused.get(), "SQS refused the message: " + e.getMessage(), e);
      }
      throw new QueueUnavailableException(
          "SendMessage to the event queue failed: " + e.getMessage(), e);
    }
  }

  /**
   * A refusal of the message itself (HTTP 400, see {@link #REFUSED_MESSAGE_CODES}), as opposed to
   * throttling, denied access or an outage, which a retry may get past.
   */
  static Optional<Reason> refusal(SdkException e) {
    if (e instanceof InvalidMessageContentsException) {
      return Optional.of(Reason.INVALID_CONTENT);
    }
    if (!(e instanceof AwsServiceException service)
        || service.statusCode() != 400
        || service.awsErrorDetails() == null) {
      return Optional.empty();
    }
    String code = String.valueOf(service.awsErrorDetails().errorCode());
    if (!REFUSED_MESSAGE_CODES.contains(code.substring(code.lastIndexOf('.') + 1))) {
      return Optional.empty();
    }
    String message =
        String.valueOf(service.awsErrorDetails().errorMessage()).toLowerCase(Locale.ROOT);
    boolean size =
        code.endsWith("MessageTooLong")
            || message.contains("shorter than")
            || message.contains("too long")
            || message.contains("toolong")
            || message.contains("size");
    return Optional.of(size ? Reason.TOO_LARGE : Reason.INVALID_CONTENT);
  }

  /** Bytes the message attributes count for in SQS's size limit. */
  static int attributeBytes(EventEnvelope envelope) {
    return ATTRIBUTE_EVENT_TYPE.length()
        + STRING.length()
        + utf8Length(envelope.type())
        + ATTRIBUTE_EVENT_ID.length()
        + STRING.length()
        + utf8Length(envelope.id());
  }

  private static int utf8Length(String value) {
    return value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
  }

  private static MessageAttributeValue stringAttribute(String value) {
    return MessageAttributeValue.builder().dataType(STRING).stringValue(value).build();
  }
}
