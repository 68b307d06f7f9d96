package app.billing.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.event.EventEnvelope;
import app.billing.core.event.HandledEventTypes;
import app.billing.core.port.EventQueue.MessageRefusedException.Reason;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** Which SQS failures are the message's own (permanent) and which a retry may get past. */
class SqsEventQueueTest {

  private static SqsException sqs(int status, String code, String message) {
    return (SqsException)
        SqsException.builder()
            .statusCode(status)
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
            .build();
  }

  @Test
  void aTooLongMessageIsRefusedForGoodAsTooLarge() {
    assertThat(
            SqsEventQueue.refusal(
                sqs(
                    400,
                    "InvalidParameterValue",
                    "One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.")))
        .contains(Reason.TOO_LARGE);
    assertThat(SqsEventQueue.refusal(sqs(400, "AWS.SimpleQueueService.MessageTooLong", "too big")))
        .contains(Reason.TOO_LARGE);
    assertThat(SqsEventQueue.refusal(sqs(400, "InvalidAttributeValue", "MessageTooLong")))
        .contains(Reason.TOO_LARGE);
  }

  @Test
  void contentSqsCannotHoldIsRefusedForGood() {
    AwsServiceException invalid =
        InvalidMessageContentsException.builder().statusCode(400).message("bad char").build();
    assertThat(SqsEventQueue.refusal(invalid)).contains(Reason.INVALID_CONTENT);
    assertThat(
            SqsEventQueue.refusal(
                sqs(
                    400,
                    "InvalidParameterValue",
                    "Value for parameter MessageDeduplicationId is invalid")))
        .contains(Reason.INVALID_CONTENT);
  }

  @Test
  void throttlingDeniedAccessOutagesAndNetworkFailuresStayRetryable() {
    assertThat(SqsEventQueue.refusal(sqs(400, "RequestThrottled", "Rate exceeded"))).isEmpty();
    assertThat(SqsEventQueue.refusal(sqs(403, "AccessDenied", "not authorized"))).isEmpty();
    assertThat(SqsEventQueue.refusal(sqs(400, "KmsAccessDenied", "key"))).isEmpty();
    assertThat(SqsEventQueue.refusal(sqs(500, "InternalError", "oops"))).isEmpty();
    assertThat(SqsEventQueue.refusal(SdkClientException.create("Connection refused"))).isEmpty();
  }

  @Test
  void theAttributesOfAnyHandledEventFitTheirBudget() {
    String longestType =
        HandledEventTypes.ALL.stream().max(Comparator.comparingInt(String::length)).orElseThrow();
    // 128 characters: the longest deduplication id SQS takes.
    EventEnvelope envelope =
        new EventEnvelope("evt_" + "x".repeat(124), longestType, 1L, "cus_1", "sub_1");

    assertThat(SqsEventQueue.attributeBytes(envelope))
        .isLessThanOrEqualTo(SqsEventQueue.ATTRIBUTES_BUDGET_BYTES);
  }
}
