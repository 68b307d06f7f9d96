package app.billing.testkit;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Behaves like Lambda's SQS event source mapping: receives batches of up to 10, hands them to the
 * function as an {@link SQSEvent}, deletes what succeeded and leaves reported failures (and every
 * message of a batch whose invocation threw) to reappear after the visibility timeout, so SQS's
 * redrive policy moves poison messages to the DLQ.
 */
public final class SqsEventSource implements AutoCloseable {
  /** How long {@link #close()} lets a batch in progress finish. */
  public static final Duration DRAIN = Duration.ofSeconds(10);

  private final SqsClient sqs;
  private final String queueUrl;
  private final String queueArn;
  private final Function<SQSEvent, SQSBatchResponse> function;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong invocations = new AtomicLong();
  private Thread thread;

  public SqsEventSource(
      SqsClient sqs, String queueUrl, Function<SQSEvent, SQSBatchResponse> function) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.queueArn =
        sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
            .attributesAsStrings()
            .get("QueueArn");
    this.function = function;
  }

  /** Polls on a background thread until {@link #close()}. */
  public SqsEventSource start() {
    running.set(true);
    thread =
        Thread.ofPlatform()
            .name("sqs-event-source")
            .daemon()
            .start(
                () -> {
                  while (running.get()) {
                    try {
                      pollOnce(Duration.ofSeconds(1));
                    } catch (RuntimeException e) {
                      if (running.get()) {
                        sleep(200);
                      }
                    }
                  }
                });
    return this;
  }

  /**
   * Receives one batch (waiting up to {@code wait}) and invokes the function; returns how many were
   * received.
   */
  public int pollOnce(Duration wait) {
    ReceiveMessageResponse response =
        sqs.receiveMessage(
            r ->
                r.queueUrl(queueUrl)
                    .maxNumberOfMessages(10)
                    .waitTimeSeconds((int) wait.toSeconds())
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All"));
    List<Message> messages = response.messages();
    if (messages.isEmpty()) {
      return 0;
    }
    invocations.incrementAndGet();
    Set<String> failed = new HashSet<>();
    try {
      SQSBatchResponse result = function.apply(toEvent(messages));
      if (result != null && result.getBatchItemFailures() != null) {
        result.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
      }
    } catch (RuntimeException e) {
      // An invocation error fails the whole batch, as on Lambda.
      messages.forEach(m -> failed.add(m.messageId()));
    }
    List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
    for (Message m : messages) {
      if (!failed.contains(m.messageId())) {
        done.add(
            DeleteMessageBatchRequestEntry.builder()
                .id(m.messageId())
                .receiptHandle(m.receiptHandle())
                .build());
      }
    }
    if (!done.isEmpty()) {
      sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done));
    }
    return messages.size();
  }

  public long invocations() {
    return invocations.get();
  }

  private SQSEvent toEvent(List<Message> messages) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Message m : messages) {
      SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
      record.setMessageId(m.messageId());
      record.setReceiptHandle(m.receiptHandle());
      record.setBody(m.body());
      record.setMd5OfBody(m.md5OfBody());
      Map<String, String> attributes = new HashMap<>();
      m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
      record.setAttributes(attributes);
      Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
      m.messageAttributes()
          .forEach(
              (k, v) -> {
                SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
                attribute.setDataType(v.dataType());
                attribute.setStringValue(v.stringValue());
                messageAttributes.put(k, attribute);
              });
      record.setMessageAttributes(messageAttributes);
      record.setEventSource("aws:sqs");
      record.setEventSourceArn(queueArn);
      record.setAwsRegion(LocalAws.REGION.id());
      records.add(record);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  /**
   * Stops polling; a batch being processed may finish for up to 10 s (see {@link
   * #close(Duration)}).
   */
  @Override
  public void close() {
    close(DRAIN);
  }

  /**
   * Stops polling and waits up to {@code drain} for the batch being processed, so its messages are
   * deleted (or reported failed) as they would be on Lambda; past that the thread is interrupted
   * and the batch's undeleted messages come back after their visibility timeout.
   *
   * @return true when no batch was cut short
   */
  public boolean close(Duration drain) {
    running.set(false);
    if (thread == null) {
      return true;
    }
    try {
      thread.join(drain.toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(2_000);
        return false;
      }
      return true;
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
