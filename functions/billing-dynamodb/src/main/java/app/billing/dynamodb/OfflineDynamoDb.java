package app.billing.dynamodb;

import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * For SnapStart priming: a DynamoDbClient shaped like production's (url-connection client, the
 * function's region) that marshals and signs each request, then stops it before it is sent (dummy
 * credentials, one attempt). Calling the real adapters on it loads and warms the SDK path of a
 * first request without a network call or a write.
 */
public final class OfflineDynamoDb {
  private OfflineDynamoDb() {}

  public static DynamoDbClient client(Optional<String> region) {
    return DynamoDbClient.builder()
        .region(Region.of(region.filter(r -> !r.isBlank()).orElse("us-east-1")))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(
            o ->
                o.retryStrategy(AwsRetryStrategy.doNotRetry())
                    .addExecutionInterceptor(new StopBeforeSending()))
        .build();
  }

  /** Runs a call on an offline client; it must end stopped, never sent. */
  public static void stopped(Runnable call) {
    try {
      call.run();
    } catch (SdkClientException expected) {
      if (expected.getMessage() != null
          && expected.getMessage().contains(StopBeforeSending.MESSAGE)) {
        return;
      }
      throw expected;
    }
    throw new IllegalStateException("a priming DynamoDB request was not stopped");
  }

  /** Lets the SDK marshal and sign the request, then stops it. */
  public static final class StopBeforeSending implements ExecutionInterceptor {
    static final String MESSAGE = "priming: request marshalled and signed, not sent";

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      throw SdkClientException.create(MESSAGE);
    }
  }
}
