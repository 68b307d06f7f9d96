package app.billing.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class EmbeddedSqsIT {
  @AutoClose private static EmbeddedSqs sqs;
  private static SqsClient client;

  @BeforeAll
  static void start() {
    sqs = EmbeddedSqs.start();
    client = sqs.client();
  }

  @Test
  void messageReceivedMoreThanMaxReceiveCountMovesToDlq() throws InterruptedException {
    EmbeddedSqs.Queues queues =
        sqs.createFifoQueueWithDlq("redrive.fifo", "redrive-dlq.fifo", 2, 1);
    send(queues.queueUrl(), "poison", "dedup-poison");

    // Receive without deleting, as a failing consumer would; each receive counts once.
    assertThat(receive(queues.queueUrl())).hasSize(1);
    Thread.sleep(1_100);
    assertThat(receive(queues.queueUrl()))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .isEqualTo("2"));
    Thread.sleep(1_100);
    // The third receive exceeds maxReceiveCount=2: ElasticMQ moves the message instead of
    // delivering it.
    assertThat(receive(queues.queueUrl())).isEmpty();

    assertThat(receive(queues.dlqUrl()))
        .singleElement()
        .satisfies(m -> assertThat(m.body()).isEqualTo("poison"));
  }

  @Test
  void fifoDeduplicatesByMessageDeduplicationId() {
    EmbeddedSqs.Queues queues = sqs.createFifoQueueWithDlq("dedup.fifo", "dedup-dlq.fifo", 3, 30);
    String first = send(queues.queueUrl(), "evt_1 first", "evt_1");
    String duplicate = send(queues.queueUrl(), "evt_1 retry", "evt_1");
    send(queues.queueUrl(), "evt_2", "evt_2");

    assertThat(duplicate).isEqualTo(first);
    assertThat(receive(queues.queueUrl()))
        .extracting(Message::body)
        .containsExactly("evt_1 first", "evt_2");
  }

  private static String send(String queueUrl, String body, String deduplicationId) {
    return client
        .sendMessage(
            b ->
                b.queueUrl(queueUrl)
                    .messageBody(body)
                    .messageGroupId("cus_1")
                    .messageDeduplicationId(deduplicationId))
        .messageId();
  }

  private static List<Message> receive(String queueUrl) {
    return client
        .receiveMessage(
            b ->
                b.queueUrl(queueUrl)
                    .maxNumberOfMessages(10)
                    .messageSystemAttributeNames(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
        .messages();
  }
}
