package app.billing.priming;

import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * For SnapStart priming: any AWS SDK client shaped like production's (url-connection HTTP client,
 * the function's region) that marshals and signs each request, then stops it before it is sent
 * (dummy credentials, one attempt). Calling the real adapters on it loads and warms the SDK path of
 * a first request without a network call or a write. Every function primes its AWS calls this way.
 */
public final class OfflineClients {
  /** What a stopped request fails with; {@link #stopped} tells it from a real failure by it. */
  public static final String MESSAGE = "priming: request marshalled and signed, not sent";

  private OfflineClients() {}

  /**
   * Sets up {@code builder} as an offline client, e.g. {@code OfflineClients.configure(
   * SqsClient.builder(), region).build()}.
   *
   * @param region the function's {@code AWS_REGION}; us-east-1 when empty or blank
   */
  public static <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(
      B builder, Optional<String> region) {
    builder
        .region(Region.of(region.filter(r -> !r.isBlank()).orElse("us-east-1")))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
        .overrideConfiguration(
            o ->
                o.retryStrategy(AwsRetryStrategy.doNotRetry())
                    .addExecutionInterceptor(new StopBeforeSending()));
    builder.httpClientBuilder(UrlConnectionHttpClient.builder());
    return builder;
  }

  /**
   * Runs a call on an offline client; it must end stopped, never sent (nor fail otherwise).
   *
   * @throws IllegalStateException when the call returned: a request was not stopped
   */
  public static void stopped(Runnable call) {
    try {
      call.run();
    } catch (SdkClientException expected) {
      if (isStopped(expected)) {
        return;
      }
      throw expected;
    }
    throw new IllegalStateException("a priming AWS request was not stopped");
  }

  /** True when {@code failure} (or one of its causes) is a request this class stopped. */
  public static boolean isStopped(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SdkClientException
          && t.getMessage() != null
          && t.getMessage().contains(MESSAGE)) {
        return true;
      }
    }
    return false;
  }

  /** Lets the SDK marshal and sign the request, then stops it. */
  public static final class StopBeforeSending implements ExecutionInterceptor {
    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      throw SdkClientException.create(MESSAGE);
    }
  }
}
