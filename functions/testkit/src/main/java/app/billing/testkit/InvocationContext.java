package app.billing.testkit;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Context} Lambda passes to one invocation, for running handlers outside Lambda (the
 * local stack, the deploy tests): a fresh request id, the function's memory and deadline, and a
 * logger.
 */
public final class InvocationContext implements Context {
  private static final Logger log = LoggerFactory.getLogger("lambda");
  private static final String ACCOUNT_ID = "123456789012";

  private final String functionName;
  private final int memoryMb;
  private final String requestId = UUID.randomUUID().toString();
  private final long deadlineMillis;

  public InvocationContext(String functionName, int memoryMb, Duration timeout) {
    this.functionName = functionName;
    this.memoryMb = memoryMb;
    this.deadlineMillis = System.currentTimeMillis() + timeout.toMillis();
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local/[$LATEST]" + requestId.replace("-", "").substring(0, 16);
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:" + ACCOUNT_ID + ":function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        log.info("[{}] {}", functionName, message);
      }

      @Override
      public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
