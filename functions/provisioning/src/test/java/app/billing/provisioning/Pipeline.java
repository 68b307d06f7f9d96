package app.billing.provisioning;

import app.billing.core.email.EmailComposer;
import app.billing.core.port.BillingStore;
import app.billing.core.tenant.TenantProfile;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.provisioning.adapter.SesEmailSender;
import app.billing.provisioning.adapter.StripeApiGateway;
import app.billing.provisioning.core.ProvisioningService;
import app.billing.provisioning.handler.ProvisioningHandler;
import app.billing.testkit.Dynalite;
import app.billing.testkit.EmbeddedSqs;
import app.billing.testkit.LocalAws;
import app.billing.testkit.SesStandIn;
import app.billing.testkit.SqsEventSource;
import app.billing.testkit.StripeStandIn;
import app.billing.testkit.story.Story;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.stripe.StripeClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The provisioning side of the pipeline on real engines: dynalite (DynamoDB API), ElasticMQ, the
 * SES v2 stand-in and the Stripe stand-in, wired through {@link ProvisioningWiring} exactly as in
 * Lambda.
 */
final class Pipeline implements AutoCloseable {
  private static final AtomicInteger TABLES = new AtomicInteger();

  final Dynalite dynalite = Dynalite.start();
  final EmbeddedSqs sqs = EmbeddedSqs.start();
  final SesStandIn ses = SesStandIn.start();
  final StripeStandIn stripe = StripeStandIn.start();
  final DynamoDbClient dynamo =
      LocalAws.configure(DynamoDbClient.builder(), dynalite.endpoint()).build();

  Pipeline() {
    stripe.stubGetFromResource(
        "/v1/invoices/in_1plsy9Sb7kQ2wLn5JjcU8pZL", "stripe-api/invoice-in_1plsy9.json");
    stripe.stubGetFromResource(
        "/v1/customers/" + Story.CUSTOMER, "stripe-api/customer-cus_1BREyS0ms3pllo.json");
    stripe.stubGetFromResource(
        "/v1/subscriptions/sub_1hNEdcSb7kQ2wLn5P4c3ZkD7",
        "stripe-api/subscription-sub_1hNEdc.json");
    stripe.stubGetFromResource(
        "/v1/checkout/sessions/cs_test_a1eH2EQrk2NxSAyAscvcTEoBBIJpAumWGq6HSCllU7XQH04siu/line_items",
        "stripe-api/checkout-line-items-cs_test_a1eH2E.json");
  }

  /**
   * A fresh table and a service wired to it; interceptors inject faults into the real DynamoDB
   * client.
   */
  Wired wire(ExecutionInterceptor... dynamoFaults) {
    return wireOn(newTable(), null, dynamoFaults);
  }

  /**
   * Another container on an existing table (nothing cached), as after a crash.
   *
   * @param emailClaimLease the store's email claim lease; null for the production wiring's
   */
  Wired wireOn(String table, Duration emailClaimLease, ExecutionInterceptor... dynamoFaults) {
    DynamoDbClient client =
        LocalAws.configure(DynamoDbClient.builder(), dynalite.endpoint())
            .overrideConfiguration(
                c -> {
                  for (ExecutionInterceptor fault : dynamoFaults) {
                    c.addExecutionInterceptor(fault);
                  }
                })
            .build();
    SesV2Client sesClient =
        LocalAws.configure(SesV2Client.builder(), ses.endpoint())
            .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
            .build();
    ProvisioningConfig config = config(table);
    ProvisioningService service =
        emailClaimLease == null
            ? ProvisioningWiring.service(
                config,
                new ProvisioningWiring.Clients(
                    client, sesClient, ProvisioningWiring.stripeClient(config)),
                Clock.systemUTC())
            : new ProvisioningService(
                new DynamoBillingStore(client, table, emailClaimLease, Duration.ofDays(90)),
                new StripeApiGateway(ProvisioningWiring.stripeClient(config)),
                config.catalog(),
                new EmailComposer(config.email()),
                new SesEmailSender(sesClient, Optional.empty()),
                ProvisioningWiring.trust(config, client),
                Clock.systemUTC());
    return new Wired(
        table, new DynamoBillingStore(dynamo, table), new ProvisioningHandler(service));
  }

  /**
   * A container on an existing table with what a fault test injects: DynamoDB faults (behind SDK
   * retries shortened to 3 attempts 10 ms apart, so a fault that outlasts them fails in
   * milliseconds, not after the default backoff), a wrapper around the store (a crash at a chosen
   * call), a Stripe client of its own (a short read timeout), and the email claim lease.
   */
  Wired wireOn(String table, Container container) {
    DynamoDbClient client =
        LocalAws.configure(DynamoDbClient.builder(), dynalite.endpoint())
            .overrideConfiguration(
                c -> {
                  container.dynamoFaults.forEach(c::addExecutionInterceptor);
                  c.retryStrategy(
                      AwsRetryStrategy.standardRetryStrategy().toBuilder()
                          .maxAttempts(3)
                          .backoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(10)))
                          .throttlingBackoffStrategy(
                              BackoffStrategy.fixedDelay(Duration.ofMillis(10)))
                          .circuitBreakerEnabled(false)
                          .build());
                })
            .build();
    SesV2Client sesClient =
        LocalAws.configure(SesV2Client.builder(), ses.endpoint())
            .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
            .build();
    ProvisioningConfig config = config(table);
    BillingStore store =
        container.store.apply(
            new DynamoBillingStore(client, table, container.emailClaimLease, Duration.ofDays(90)));
    StripeClient stripeClient =
        container.stripeReadTimeout == null
            ? ProvisioningWiring.stripeClient(config)
            : StripeClient.builder()
                .setApiKey(config.stripeSecretKey())
                .setApiBase(stripe.baseUrl())
                .setMaxNetworkRetries(2)
                .setConnectTimeout(3_000)
                .setReadTimeout((int) container.stripeReadTimeout.toMillis())
                .build();
    ProvisioningService service =
        new ProvisioningService(
            store,
            new StripeApiGateway(stripeClient),
            config.catalog(),
            new EmailComposer(config.email()),
            new SesEmailSender(sesClient, Optional.empty()),
            ProvisioningWiring.trust(config, client),
            Clock.systemUTC());
    return new Wired(
        table, new DynamoBillingStore(dynamo, table), new ProvisioningHandler(service));
  }

  /** What {@link #wireOn(String, Container)} injects; the defaults are production's. */
  static final class Container {
    private final List<ExecutionInterceptor> dynamoFaults = new ArrayList<>();
    private UnaryOperator<BillingStore> store = UnaryOperator.identity();
    private Duration emailClaimLease = DynamoBillingStore.DEFAULT_EMAIL_CLAIM_LEASE;
    private Duration stripeReadTimeout;

    Container dynamoFault(ExecutionInterceptor fault) {
      dynamoFaults.add(fault);
      return this;
    }

    Container store(UnaryOperator<BillingStore> wrapper) {
      store = wrapper;
      return this;
    }

    Container emailClaimLease(Duration lease) {
      emailClaimLease = lease;
      return this;
    }

    Container stripeReadTimeout(Duration timeout) {
      stripeReadTimeout = timeout;
      return this;
    }
  }

  /** A fresh table. */
  String newTable() {
    String table = "billing-" + TABLES.incrementAndGet();
    BillingTable.createIfMissing(dynamo, table);
    // Provisioning links a customer only to a tenant that exists.
    new DynamoTenantStore(dynamo, table)
        .createTenant(
            new TenantProfile(
                Story.TENANT,
                "Acme",
                "billing@acme.test",
                null,
                Instant.parse("2026-01-01T00:00:00Z")));
    return table;
  }

  private ProvisioningConfig config(String table) {
    return ProvisioningConfig.fromEnvironment(
        Map.of(
            "BILLING_TABLE", table,
            "STRIPE_SECRET_KEY", "sk_test_local",
            "STRIPE_API_BASE", stripe.baseUrl(),
            "EMAIL_FROM", "Acme Billing <billing@acme.test>",
            "EMAIL_REPLY_TO", "support@acme.test",
            "APP_BILLING_URL", "https://app.acme.test/billing",
            "PRODUCT_NAME", "Acme",
            "CHECKOUT_TOKEN_KEY", StoryEvents.TOKEN_KEY));
  }

  /** Sends a story event to a FIFO queue, in the message group of the story's customer. */
  void send(String queueUrl, StoryEvents.StoryEvent event, String dedupId) {
    sqs.client()
        .sendMessage(
            r ->
                r.queueUrl(queueUrl)
                    .messageBody(event.payload())
                    .messageGroupId(Story.CUSTOMER)
                    .messageDeduplicationId(dedupId));
  }

  /**
   * Runs the SQS event source into the wired handler until the queue has been empty for a while.
   */
  void drain(Wired wired, String queueUrl) {
    SqsEventSource source =
        new SqsEventSource(
            sqs.client(), queueUrl, event -> wired.handler().handleRequest(event, null));
    int idle = 0;
    while (idle < 3) {
      idle = source.pollOnce(Duration.ofSeconds(1)) == 0 ? idle + 1 : 0;
    }
  }

  record Wired(String table, DynamoBillingStore store, ProvisioningHandler handler) {
    /** Invokes the handler as the SQS event source would, one batch. */
    SQSBatchResponse deliver(List<StoryEvents.StoryEvent> events) {
      return handler.handleRequest(batch(events), null);
    }
  }

  static SQSEvent batch(List<StoryEvents.StoryEvent> events) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (StoryEvents.StoryEvent e : events) {
      SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
      m.setMessageId("msg-" + e.id() + "-" + records.size());
      m.setBody(e.payload());
      m.setAttributes(Map.of("ApproximateReceiveCount", "1", "MessageGroupId", Story.CUSTOMER));
      records.add(m);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  @Override
  public void close() {
    dynamo.close();
    stripe.close();
    ses.close();
    sqs.close();
    dynalite.close();
  }
}
