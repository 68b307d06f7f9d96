package app.billing.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;

class OfflineClientsTest {

  @Test
  void aRequestIsStoppedBeforeItIsSent() {
    try (SqsClient sqs = OfflineClients.configure(SqsClient.builder(), Optional.of("")).build()) {
      OfflineClients.stopped(
          () ->
              sqs.sendMessage(
                  r ->
                      r.queueUrl("https://sqs.us-east-1.amazonaws.com/000000000000/p.fifo")
                          .messageBody("{}")
                          .messageGroupId("g")
                          .messageDeduplicationId("d")));
    }
  }

  @Test
  void aCallThatReturnsOrFailsOtherwiseIsNotStopped() {
    assertThatThrownBy(() -> OfflineClients.stopped(() -> {}))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                OfflineClients.stopped(
                    () -> {
                      throw SdkClientException.create("Unable to execute HTTP request");
                    }))
        .isInstanceOf(SdkClientException.class);
  }

  @Test
  void aStoppedRequestIsRecognisedWhenWrapped() {
    assertThat(
            OfflineClients.isStopped(
                new IllegalStateException(SdkClientException.create(OfflineClients.MESSAGE))))
        .isTrue();
    assertThat(OfflineClients.isStopped(new IllegalStateException("other"))).isFalse();
  }
}
