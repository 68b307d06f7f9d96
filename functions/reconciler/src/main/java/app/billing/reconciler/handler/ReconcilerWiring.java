package app.billing.reconciler.handler;

import app.billing.core.metrics.EmfMetrics;
import app.billing.core.reconcile.ReconcilerService;
import app.billing.reconciler.ReconcilerConfig;
import app.billing.reconciler.adapter.DynamoCheckpointStore;
import app.billing.reconciler.adapter.StripeEventsAdapter;
import app.billing.secrets.EnvironmentSecrets;
import app.billing.sqs.SqsEventQueue;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the reconciler's handler: {@link #fromEnvironment} for Lambda (and the deploy tests),
 * {@link #build} on given clients (the local stack, tests). Region and credentials come from the
 * Lambda environment; {@code AWS_ENDPOINT_URL_DYNAMODB} (read by the SDK), {@code
 * AWS_ENDPOINT_URL_SQS} and {@code STRIPE_API_BASE} point the clients at a local stack.
 */
public final class ReconcilerWiring {

  /**
   * The clients the function uses.
   *
   * @param stripe the Events API as production paces and retries it ({@link #stripeEvents})
   */
  public record Clients(DynamoDbClient dynamo, SqsClient sqs, StripeEventsAdapter stripe) {
    public static Clients production(ReconcilerConfig config) {
      return new Clients(
          DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
          SqsEventQueue.createClient(config.region(), config.sqsEndpoint()),
          stripeEvents(config));
    }
  }

  private ReconcilerWiring() {}

  /**
   * What Lambda's init runs: secrets resolved, the configuration validated, production clients.
   *
   * @throws app.billing.core.config.ConfigException naming every problem
   */
  public static ReconcilerHandler fromEnvironment(Map<String, String> env, Clock clock) {
    return EnvironmentSecrets.resolveThenRead(
        env,
        resolved -> {
          // Read before the configuration, so a missing variable there still shows this one read.
          EmfMetrics metrics = EmfMetrics.fromEnvironment(resolved, "reconciler");
          ReconcilerConfig config = ReconcilerConfig.fromEnvironment(resolved);
          return build(config, Clients.production(config), clock, metrics);
        });
  }

  /** The Stripe side as production paces and retries it. */
  public static StripeEventsAdapter stripeEvents(ReconcilerConfig config) {
    return new StripeEventsAdapter(
        config.stripe().client(), config.maxRequestsPerSecond(), config.rateLimitRetries());
  }

  /** The function's handler, without metrics. */
  public static ReconcilerHandler build(ReconcilerConfig config, Clients clients, Clock clock) {
    return build(config, clients, clock, EmfMetrics.discarding("reconciler"));
  }

  /** The function's handler, counting into {@code metrics}. */
  public static ReconcilerHandler build(
      ReconcilerConfig config, Clients clients, Clock clock, EmfMetrics metrics) {
    return new ReconcilerHandler(service(config, clients, clock), clock, metrics);
  }

  public static ReconcilerService service(ReconcilerConfig config, Clients clients, Clock clock) {
    return new ReconcilerService(
        clients.stripe(),
        new SqsEventQueue(clients.sqs(), config.eventQueueUrl()),
        new DynamoCheckpointStore(clients.dynamo(), config.tableName(), clock),
        config.settings(),
        clock);
  }
}
