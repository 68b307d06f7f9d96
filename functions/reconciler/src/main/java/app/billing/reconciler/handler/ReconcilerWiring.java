package app.billing.reconciler.handler;

import app.billing.core.reconcile.ReconcilerService;
import app.billing.reconciler.ReconcilerConfig;
import app.billing.reconciler.adapter.DynamoCheckpointStore;
import app.billing.reconciler.adapter.StripeEventsAdapter;
import app.billing.sqs.SqsEventQueue;
import com.stripe.StripeClient;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the production {@link ReconcilerService} once per container. Region and credentials come
 * from the Lambda environment; {@code AWS_ENDPOINT_URL_DYNAMODB} (read by the SDK), {@code
 * AWS_ENDPOINT_URL_SQS} and {@code STRIPE_API_BASE} point the clients at a local stack.
 */
public final class ReconcilerWiring {
  private ReconcilerWiring() {}

  /**
   * @throws app.billing.core.config.ConfigException when the environment is incomplete
   */
  public static ReconcilerService fromEnvironment(Map<String, String> env, Clock clock) {
    ReconcilerConfig config = ReconcilerConfig.fromEnvironment(env);
    DynamoDbClient dynamo =
        DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    SqsClient sqs = SqsEventQueue.createClient(config.region(), config.sqsEndpoint());
    return build(config, dynamo, sqs, stripeEvents(config, config.stripe().client()), clock);
  }

  /** The Stripe side as production paces and retries it. */
  public static StripeEventsAdapter stripeEvents(ReconcilerConfig config, StripeClient stripe) {
    return new StripeEventsAdapter(
        stripe, config.maxRequestsPerSecond(), config.rateLimitRetries());
  }

  /** The service around given clients (the local stack's, or a test's). */
  public static ReconcilerService build(
      ReconcilerConfig config,
      DynamoDbClient dynamo,
      SqsClient sqs,
      StripeEventsAdapter stripe,
      Clock clock) {
    return new ReconcilerService(
        stripe,
        new SqsEventQueue(sqs, config.eventQueueUrl()),
        new DynamoCheckpointStore(dynamo, config.tableName(), clock),
        config.settings(),
        clock);
  }
}
