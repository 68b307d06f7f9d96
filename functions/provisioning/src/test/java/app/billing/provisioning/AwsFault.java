package app.billing.provisioning;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

/**
 * Makes the real DynamoDB client fail the requests {@code target} picks with the exception DynamoDB
 * itself raises (same type, status and error code, so the SDK's retry policy classifies it as it
 * would the real one), every attempt until {@link #off()}: a fault that outlasts the SDK's own
 * retries.
 */
final class AwsFault implements ExecutionInterceptor {
  enum Kind {
    PROVISIONED_THROUGHPUT_EXCEEDED(400, "ProvisionedThroughputExceededException"),
    THROTTLING(400, "ThrottlingException"),
    INTERNAL_SERVER_ERROR(500, "InternalServerError");

    final int status;
    final String errorCode;

    Kind(int status, String errorCode) {
      this.status = status;
      this.errorCode = errorCode;
    }

    DynamoDbException exception(String operation) {
      DynamoDbException.Builder builder =
          switch (this) {
            case PROVISIONED_THROUGHPUT_EXCEEDED ->
                ProvisionedThroughputExceededException.builder();
            case THROTTLING -> ThrottlingException.builder();
            case INTERNAL_SERVER_ERROR -> InternalServerErrorException.builder();
          };
      String message = errorCode + " injected on " + operation;
      return (DynamoDbException)
          builder
              .statusCode(status)
              .message(message)
              .awsErrorDetails(
                  AwsErrorDetails.builder()
                      .errorCode(errorCode)
                      .errorMessage(message)
                      .serviceName("DynamoDb")
                      .build())
              .build();
    }
  }

  private final Kind kind;
  private final Predicate<SdkRequest> target;
  private final AtomicInteger failed = new AtomicInteger();
  private volatile boolean on = true;

  AwsFault(Kind kind, Predicate<SdkRequest> target) {
    this.kind = kind;
    this.target = target;
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if (on && target.test(context.request())) {
      failed.incrementAndGet();
      throw kind.exception(context.request().getClass().getSimpleName());
    }
  }

  /** The fault is over: requests go through again. */
  void off() {
    on = false;
  }

  /** Attempts failed so far (the SDK's retries included). */
  int failed() {
    return failed.get();
  }
}
