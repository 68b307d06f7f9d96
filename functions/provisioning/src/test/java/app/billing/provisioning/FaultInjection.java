package app.billing.provisioning;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Makes the real DynamoDB client fail chosen calls, as a network or throttling failure would. */
final class FaultInjection implements ExecutionInterceptor {
  private final String operation;
  private final int failFromCall;
  private final int failures;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();

  /**
   * Fails {@code failures} calls of {@code operation} starting with its {@code failFromCall}-th
   * call.
   */
  FaultInjection(String operation, int failFromCall, int failures) {
    this.operation = operation;
    this.failFromCall = failFromCall;
    this.failures = failures;
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if (!operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
      return;
    }
    int call = calls.incrementAndGet();
    if (call >= failFromCall && failed.get() < failures) {
      failed.incrementAndGet();
      throw SdkClientException.create(
          "injected DynamoDB failure on " + operation + " call " + call);
    }
  }

  int failed() {
    return failed.get();
  }
}
