package app.billing.admin.dlq;

import app.billing.core.event.EventEnvelope;
import app.billing.core.event.EventEnvelopeReader;
import app.billing.core.event.NotAStripeEventException;
import app.billing.sqs.SqsEventQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The FIFO dead-letter queue of the event queue: read without consuming, and redriven to the source
 * queue.
 *
 * <p><b>Reading</b> receives the messages with a short visibility timeout and makes them visible
 * again at once, so provisioning and other readers lose nothing. A FIFO queue hands out a group's
 * next messages only after the ones in flight are gone, so one pass shows at most 10 messages per
 * customer.
 *
 * <p><b>Redrive</b> sends each message back to the source queue with its message group (the
 * customer: the customer's order is kept) and its event id as deduplication id, body and attributes
 * unchanged, then deletes it from the DLQ; a message is deleted only after the source queue
 * accepted it, so a crash in between leaves a copy in both (harmless: provisioning's writes are
 * versioned). SQS's own {@code StartMessageMoveTask} moves FIFO DLQs too since 2023, but it
 * replaces the deduplication id with the message id and ElasticMQ (the local stack) does not offer
 * it, so the tool re-sends. SQS drops a message whose deduplication id it saw in the last five
 * minutes, which would silently lose a redriven event queued less than five minutes ago (possible
 * locally, where visibility is 10 s): such a message is re-sent with {@code
 * <eventId>:redrive:<messageId>} instead.
 */
public final class DeadLetterQueue {
  /** How long a peeked message stays invisible if the tool dies before releasing it. */
  static final int PEEK_VISIBILITY_SECONDS = 20;

  static final Duration DEDUPLICATION_WINDOW = Duration.ofMinutes(5).plusSeconds(30);

  private final SqsClient sqs;
  private final String queueUrl;
  private final String dlqUrl;
  private final Clock clock;

  public DeadLetterQueue(SqsClient sqs, String queueUrl, String dlqUrl, Clock clock) {
    this.sqs = Objects.requireNonNull(sqs, "sqs");
    this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    this.dlqUrl = Objects.requireNonNull(dlqUrl, "dlqUrl");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The DLQ of {@code queueUrl}, from its redrive policy. */
  public static String dlqUrlOf(SqsClient sqs, String queueUrl) {
    String policy =
        sqs.getQueueAttributes(
                r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
            .attributes()
            .get(QueueAttributeName.REDRIVE_POLICY);
    if (policy == null) {
      throw new IllegalStateException(
          "the queue " + queueUrl + " has no dead-letter queue (no RedrivePolicy)");
    }
    String arn =
        com.google.gson.JsonParser.parseString(policy)
            .getAsJsonObject()
            .get("deadLetterTargetArn")
            .getAsString();
    String[] parts = arn.split(":");
    String name = parts[parts.length - 1];
    String account = parts[parts.length - 2];
    return sqs.getQueueUrl(r -> r.queueName(name).queueOwnerAWSAccountId(account)).queueUrl();
  }

  public String dlqUrl() {
    return dlqUrl;
  }

  /** Up to {@code max} messages, oldest group first, left on the DLQ as they were. */
  public List<DeadLetter> peek(int max) {
    Map<String, Message> seen = new LinkedHashMap<>();
    try {
      while (seen.size() < max) {
        int want = Math.min(10, max - seen.size());
        List<Message> batch = receive(want, PEEK_VISIBILITY_SECONDS);
        if (batch.isEmpty()) {
          break;
        }
        batch.forEach(m -> seen.putIfAbsent(m.messageId(), m));
      }
    } finally {
      for (Message m : seen.values()) {
        sqs.changeMessageVisibility(
            r -> r.queueUrl(dlqUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
      }
    }
    return seen.values().stream().map(DeadLetterQueue::deadLetter).toList();
  }

  /** The message of an event id (or message id), if the DLQ holds it. */
  public Optional<DeadLetter> find(String id) {
    return peek(Integer.MAX_VALUE).stream()
        .filter(d -> id.equals(d.eventId()) || id.equals(d.messageId()))
        .findFirst();
  }

  /** What a redrive did: the events sent back (in order) and those left on the DLQ. */
  public record Redriven(List<DeadLetter> moved, int left) {}

  /** Moves every message (or only those {@code which} accepts) back to the source queue. */
  public Redriven redrive(Predicate<DeadLetter> which) {
    List<DeadLetter> moved = new ArrayList<>();
    List<Message> skipped = new ArrayList<>();
    try {
      while (true) {
        List<Message> batch = receive(10, 60);
        if (batch.isEmpty()) {
          break;
        }
        for (Message message : batch) {
          DeadLetter letter = deadLetter(message);
          if (!which.test(letter)) {
            skipped.add(message);
            continue;
          }
          sqs.sendMessage(
              r ->
                  r.queueUrl(queueUrl)
                      .messageGroupId(letter.groupId())
                      .messageDeduplicationId(deduplicationId(letter))
                      .messageBody(message.body())
                      .messageAttributes(attributes(message, letter)));
          sqs.deleteMessage(r -> r.queueUrl(dlqUrl).receiptHandle(message.receiptHandle()));
          moved.add(letter);
        }
      }
    } finally {
      for (Message m : skipped) {
        sqs.changeMessageVisibility(
            r -> r.queueUrl(dlqUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
      }
    }
    return new Redriven(List.copyOf(moved), skipped.size());
  }

  private String deduplicationId(DeadLetter letter) {
    boolean outsideWindow =
        letter.queuedAt() != null
            && letter.queuedAt().plus(DEDUPLICATION_WINDOW).isBefore(clock.instant());
    return outsideWindow ? letter.eventId() : letter.eventId() + ":redrive:" + letter.messageId();
  }

  private static Map<String, MessageAttributeValue> attributes(Message message, DeadLetter letter) {
    Map<String, MessageAttributeValue> attributes =
        new LinkedHashMap<>(message.messageAttributes());
    attributes.putIfAbsent(SqsEventQueue.ATTRIBUTE_EVENT_ID, string(letter.eventId()));
    if (!"?".equals(letter.type())) {
      attributes.putIfAbsent(SqsEventQueue.ATTRIBUTE_EVENT_TYPE, string(letter.type()));
    }
    return attributes;
  }

  private static MessageAttributeValue string(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  private List<Message> receive(int max, int visibilitySeconds) {
    return sqs.receiveMessage(
            r ->
                r.queueUrl(dlqUrl)
                    .maxNumberOfMessages(max)
                    .waitTimeSeconds(0)
                    .visibilityTimeout(visibilitySeconds)
                    .messageAttributeNames("All")
                    .messageSystemAttributeNames(
                        MessageSystemAttributeName.MESSAGE_GROUP_ID,
                        MessageSystemAttributeName.SENT_TIMESTAMP,
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
        .messages();
  }

  static DeadLetter deadLetter(Message message) {
    Map<MessageSystemAttributeName, String> system = message.attributes();
    String type = "?";
    String customer = null;
    String eventId = null;
    try {
      EventEnvelope envelope = EventEnvelopeReader.read(message.body());
      type = envelope.type();
      customer = envelope.customerId();
      eventId = envelope.id();
    } catch (NotAStripeEventException e) {
      // shown as "?"; the message is still listed and can be redriven
    }
    MessageAttributeValue idAttribute =
        message.messageAttributes().get(SqsEventQueue.ATTRIBUTE_EVENT_ID);
    if (idAttribute != null && idAttribute.stringValue() != null) {
      eventId = idAttribute.stringValue();
    }
    if (eventId == null) {
      eventId = message.messageId();
    }
    String sent = system.get(MessageSystemAttributeName.SENT_TIMESTAMP);
    String receives = system.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    String group = system.get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
    return new DeadLetter(
        message.messageId(),
        eventId,
        type,
        customer,
        group == null ? eventId : group,
        sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent)),
        receives == null ? 0 : Integer.parseInt(receives),
        message.body());
  }
}
