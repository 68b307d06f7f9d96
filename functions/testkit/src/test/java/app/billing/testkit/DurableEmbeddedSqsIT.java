package app.billing.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A durable engine keeps waiting, in-flight and dead-lettered messages, and FIFO rules, across
 * restarts.
 */
class DurableEmbeddedSqsIT {
  private static final Path DIR = Path.of("target", "durable-sqs").toAbsolutePath();

  @BeforeEach
  void wipe() throws IOException {
    if (Files.exists(DIR)) {
      try (Stream<Path> files = Files.walk(DIR)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void waitingAndInFlightMessagesSurviveARestartInOrderWithTheirReceiveCounts() {
    // A long visibility timeout, so "in flight" does not depend on how fast the engine restarts;
    // the
    // test ends a message's visibility itself (ChangeMessageVisibility 0) where it needs it back.
    String a1Receipt;
    String b1Receipt;
    try (EmbeddedSqs sqs = EmbeddedSqs.startDurable(DIR)) {
      EmbeddedSqs.Queues queues =
          sqs.createFifoQueueWithDlq("events.fifo", "events-dlq.fifo", 3, 60);
      for (int i = 1; i <= 4; i++) {
        send(sqs.client(), queues.queueUrl(), "cus_a", "a" + i);
      }
      send(sqs.client(), queues.queueUrl(), "cus_b", "b1");
      // In flight at the "crash": a1 and b1 were received (the group heads), not deleted.
      List<Message> first = receive(sqs.client(), queues.queueUrl(), 1);
      assertThat(first).extracting(Message::body).containsExactly("a1");
      a1Receipt = first.getFirst().receiptHandle();
      List<Message> second = receive(sqs.client(), queues.queueUrl(), 10);
      assertThat(second).extracting(Message::body).containsExactly("b1");
      b1Receipt = second.getFirst().receiptHandle();
    }

    try (EmbeddedSqs sqs = EmbeddedSqs.startDurable(DIR)) {
      assertThat(sqs.restoredMessages()).isEqualTo(5);
      EmbeddedSqs.Queues queues =
          sqs.createFifoQueueWithDlq("events.fifo", "events-dlq.fifo", 3, 60);
      // a1 is still in flight: its group is blocked (FIFO), so nothing of cus_a is delivered.
      assertThat(receive(sqs.client(), queues.queueUrl(), 10)).isEmpty();
      // Receipts from before the restart still work.
      visibleAgain(sqs.client(), queues.queueUrl(), a1Receipt);
      visibleAgain(sqs.client(), queues.queueUrl(), b1Receipt);
      List<Message> again = receive(sqs.client(), queues.queueUrl(), 10);
      assertThat(again)
          .extracting(Message::body)
          .containsSubsequence("a1", "a2", "a3", "a4")
          .contains("b1");
      Message a1 = again.stream().filter(m -> m.body().equals("a1")).findFirst().orElseThrow();
      assertThat(a1.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
          .isEqualTo("2");
      assertThat(a1.messageAttributes().get("stripe-event-type").stringValue())
          .isEqualTo("invoice.paid");
      for (Message m : again) {
        if (!m.body().equals("a1")) {
          sqs.client()
              .deleteMessage(b -> b.queueUrl(queues.queueUrl()).receiptHandle(m.receiptHandle()));
        }
      }
      // A duplicate of a message still queued is still deduplicated.
      assertThat(send(sqs.client(), queues.queueUrl(), "cus_a", "a1")).isEqualTo(a1.messageId());
      visibleAgain(sqs.client(), queues.queueUrl(), a1.receiptHandle());
    }

    try (EmbeddedSqs sqs = EmbeddedSqs.startDurable(DIR)) {
      assertThat(sqs.restoredMessages()).as("deleted messages stay deleted").isEqualTo(1);
      EmbeddedSqs.Queues queues =
          sqs.createFifoQueueWithDlq("events.fifo", "events-dlq.fifo", 3, 60);
      Message a1 = receive(sqs.client(), queues.queueUrl(), 10).getFirst();
      assertThat(a1.body()).isEqualTo("a1");
      assertThat(a1.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
          .isEqualTo("3");
      visibleAgain(sqs.client(), queues.queueUrl(), a1.receiptHandle());
    }

    try (EmbeddedSqs sqs = EmbeddedSqs.startDurable(DIR)) {
      EmbeddedSqs.Queues queues =
          sqs.createFifoQueueWithDlq("events.fifo", "events-dlq.fifo", 3, 60);
      // Received 3 times (maxReceiveCount 3), across three engines: the next receive moves it to
      // the DLQ.
      assertThat(receive(sqs.client(), queues.queueUrl(), 10)).isEmpty();
      assertThat(receive(sqs.client(), queues.dlqUrl(), 10))
          .extracting(Message::body)
          .containsExactly("a1");
    }
  }

  private static void visibleAgain(SqsClient client, String queueUrl, String receiptHandle) {
    client.changeMessageVisibility(
        b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(0));
  }

  @Test
  void aRestoredQueueTakesChangedSettings() {
    try (EmbeddedSqs sqs = EmbeddedSqs.startDurable(DIR)) {
      EmbeddedSqs.Queues queues =
          sqs.createFifoQueueWithDlq("settings.fifo", "settings-dlq.fifo", 5, 10);
      send(sqs.client(), queues.queueUrl(), "cus_a", "kept");
    }
    try (EmbeddedSqs sqs = EmbeddedSqs.startDurable(DIR)) {
      EmbeddedSqs.Queues queues =
          sqs.createFifoQueueWithDlq("settings.fifo", "settings-dlq.fifo", 5, 30);
      Map<QueueAttributeName, String> attributes =
          sqs.client()
              .getQueueAttributes(
                  b ->
                      b.queueUrl(queues.queueUrl())
                          .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
              .attributes();
      assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("30");
      assertThat(receive(sqs.client(), queues.queueUrl(), 10))
          .extracting(Message::body)
          .containsExactly("kept");
    }
  }

  private static String send(SqsClient client, String queueUrl, String group, String body) {
    return client
        .sendMessage(
            b ->
                b.queueUrl(queueUrl)
                    .messageBody(body)
                    .messageGroupId(group)
                    .messageDeduplicationId(body)
                    .messageAttributes(
                        Map.of(
                            "stripe-event-type",
                            MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue("invoice.paid")
                                .build())))
        .messageId();
  }

  private static List<Message> receive(SqsClient client, String queueUrl, int max) {
    return client
        .receiveMessage(
            b ->
                b.queueUrl(queueUrl)
                    .maxNumberOfMessages(max)
                    .messageSystemAttributeNames(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                    .messageAttributeNames("All"))
        .messages();
  }
}
