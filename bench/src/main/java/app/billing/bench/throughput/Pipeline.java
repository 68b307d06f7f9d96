package app.billing.bench.throughput;

import app.billing.bench.Engines;
import app.billing.core.email.EmailComposer;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.provisioning.ProvisioningConfig;
import app.billing.provisioning.ProvisioningWiring;
import app.billing.provisioning.adapter.SesEmailSender;
import app.billing.provisioning.adapter.StripeApiGateway;
import app.billing.provisioning.core.ProvisioningService;
import app.billing.provisioning.handler.ProvisioningHandler;
import app.billing.sqs.SqsEventQueue;
import app.billing.testkit.LocalAws;
import app.billing.webhook.StripeSignatureVerifier;
import app.billing.webhook.WebhookConfig;
import app.billing.webhook.WebhookService;
import app.billing.webhook.handler.WebhookHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The functions under load, wired as in Lambda on the embedded engines: the webhook handler in
 * front, the provisioning handler behind the queue, with counters on every DynamoDB, Stripe and SES
 * call (attributed to the event and story step being handled).
 */
final class Pipeline implements AutoCloseable {

  /** The SQS-triggered function as the event source sees it, counting what was applied. */
  static final class Consumer implements Function<SQSEvent, SQSBatchResponse> {
    private final ProvisioningHandler handler;
    final AtomicLong processed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong messages = new AtomicLong();

    /** Distinct message groups per batch, summed: the lanes {@code FifoBatch} runs in parallel. */
    final AtomicLong groups = new AtomicLong();

    volatile long lastProcessedNanos;

    Consumer(ProvisioningHandler handler) {
      this.handler = handler;
    }

    @Override
    public SQSBatchResponse apply(SQSEvent event) {
      batches.incrementAndGet();
      messages.addAndGet(event.getRecords().size());
      groups.addAndGet(
          event.getRecords().stream()
              .map(
                  m ->
                      m.getAttributes() == null
                          ? ""
                          : m.getAttributes().getOrDefault("MessageGroupId", ""))
              .distinct()
              .count());
      SQSBatchResponse response = handler.handleRequest(event, null);
      int failures =
          response.getBatchItemFailures() == null ? 0 : response.getBatchItemFailures().size();
      failed.addAndGet(failures);
      processed.addAndGet(event.getRecords().size() - failures);
      lastProcessedNanos = System.nanoTime();
      return response;
    }
  }

  final Engines engines;
  final Map<String, String> steps = new ConcurrentHashMap<>();
  final CallCounter dynamo = new CallCounter(steps);
  final CallCounter stripe = new CallCounter(steps);
  final CallCounter ses = new CallCounter(steps);
  private final SqsClient webhookSqs;
  final WebhookHandler webhook;
  final Consumer consumer;

  Pipeline(Options options, Engines engines) {
    this.engines = engines;
    Map<String, String> env = engines.functionEnvironment();
    // The SDK's default credential chain (used by the webhook's production wiring) reads these.
    System.setProperty("aws.accessKeyId", env.get("AWS_ACCESS_KEY_ID"));
    System.setProperty("aws.secretAccessKey", env.get("AWS_SECRET_ACCESS_KEY"));
    // WebhookWiring.fromEnvironment, keeping hold of the production SQS client to close it at the
    // end (ElasticMQ waits for open connections when it stops).
    WebhookConfig webhookConfig = WebhookConfig.fromEnvironment(env);
    webhookSqs =
        options.groups() > 0
            ? regroupingClient(webhookConfig, options.groups())
            : SqsEventQueue.createClient(webhookConfig.region(), webhookConfig.sqsEndpoint());
    webhook =
        new WebhookHandler(
            new WebhookService(
                new StripeSignatureVerifier(
                    webhookConfig.webhookSecrets(),
                    StripeSignatureVerifier.DEFAULT_TOLERANCE,
                    Clock.systemUTC()),
                new SqsEventQueue(webhookSqs, webhookConfig.eventQueueUrl()),
                webhookConfig.maxBodyBytes(),
                webhookConfig.stripeMode()));

    // ProvisioningWiring.build, with counting interceptors on the clients and around the Stripe
    // gateway.
    ProvisioningConfig config = ProvisioningConfig.fromEnvironment(env);
    DynamoDbClient dynamoClient =
        LocalAws.configure(DynamoDbClient.builder(), engines.dynamoEndpoint())
            .overrideConfiguration(c -> c.addExecutionInterceptor(dynamo))
            .build();
    SesV2Client sesClient =
        LocalAws.configure(SesV2Client.builder(), engines.ses.endpoint())
            .overrideConfiguration(c -> c.addExecutionInterceptor(ses))
            .build();
    ProvisioningService service =
        new ProvisioningService(
            new DynamoBillingStore(
                dynamoClient,
                config.tableName(),
                DynamoBillingStore.DEFAULT_EMAIL_CLAIM_LEASE,
                config.auditRetention()),
            new CountingStripeGateway(
                new StripeApiGateway(ProvisioningWiring.stripeClient(config)), stripe),
            config.catalog(),
            new EmailComposer(config.email()),
            new SesEmailSender(sesClient, config.sesConfigurationSet()),
            ProvisioningWiring.trust(config, dynamoClient),
            Clock.systemUTC());
    consumer = new Consumer(new ProvisioningHandler(service));
  }

  /**
   * The webhook's production SQS client set-up ({@link SqsEventQueue#createClient}), plus an
   * interceptor that maps each message's group id (the customer) onto one of {@code groups} groups.
   */
  private static SqsClient regroupingClient(WebhookConfig config, int groups) {
    ExecutionInterceptor regroup =
        new ExecutionInterceptor() {
          @Override
          public SdkRequest modifyRequest(
              Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (context.request() instanceof SendMessageRequest send
                && send.messageGroupId() != null) {
              int group = Math.floorMod(send.messageGroupId().hashCode(), groups);
              return send.toBuilder().messageGroupId("bench-group-" + group).build();
            }
            return context.request();
          }
        };
    SqsClientBuilder builder =
        SqsClient.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(5)))
            .overrideConfiguration(
                o -> o.apiCallTimeout(Duration.ofSeconds(10)).addExecutionInterceptor(regroup));
    config.region().map(Region::of).ifPresent(builder::region);
    config.sqsEndpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  @Override
  public void close() {
    webhookSqs.close();
  }
}
