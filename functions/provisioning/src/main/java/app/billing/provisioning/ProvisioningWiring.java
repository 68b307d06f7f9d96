package app.billing.provisioning;

import app.billing.catalog.RemoteCatalog;
import app.billing.core.access.AccessPolicy;
import app.billing.core.email.EmailComposer;
import app.billing.core.metrics.EmfMetrics;
import app.billing.core.metrics.Metrics;
import app.billing.core.outbound.OutboundMapper;
import app.billing.core.outbound.OutboundPublisher;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoOutboundOutbox;
import app.billing.dynamodb.DynamoVersionedRecords;
import app.billing.eventbridge.EventBridgeOutboundEvents;
import app.billing.provisioning.adapter.DynamoTenantDirectory;
import app.billing.provisioning.adapter.SesEmailSender;
import app.billing.provisioning.adapter.StripeApiGateway;
import app.billing.provisioning.core.BatchWrites;
import app.billing.provisioning.core.ProvisioningService;
import app.billing.provisioning.core.TrustedLinks;
import app.billing.provisioning.handler.ProvisioningHandler;
import app.billing.secrets.EnvironmentSecrets;
import com.stripe.StripeClient;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Builds the provisioning function's handler: {@link #fromEnvironment} for Lambda (and the deploy
 * tests), {@link #build} on given clients (the local stack, tests). Region and credentials come
 * from the Lambda environment; {@code AWS_ENDPOINT_URL_DYNAMODB} / {@code AWS_ENDPOINT_URL_SESV2} /
 * {@code AWS_ENDPOINT_URL_EVENTBRIDGE} (read by the SDK itself) point them at the local stack.
 */
public final class ProvisioningWiring {

  /**
   * The clients the function uses.
   *
   * @param events puts the outbound events on {@code EVENT_BUS_NAME}'s bus
   */
  public record Clients(
      DynamoDbClient dynamo, SesV2Client ses, StripeClient stripe, EventBridgeClient events) {
    /** Without an EventBridge client: for a configuration without {@code EVENT_BUS_NAME}. */
    public Clients(DynamoDbClient dynamo, SesV2Client ses, StripeClient stripe) {
      this(dynamo, ses, stripe, null);
    }

    public static Clients production(ProvisioningConfig config) {
      return new Clients(
          DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
          SesV2Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
          stripeClient(config),
          EventBridgeOutboundEvents.defaultClient());
    }
  }

  private ProvisioningWiring() {}

  /**
   * What Lambda's init runs: secrets resolved, the catalog read, the configuration validated,
   * production clients.
   *
   * @throws app.billing.core.config.ConfigException naming every problem
   */
  public static ProvisioningHandler fromEnvironment(Map<String, String> env, Clock clock) {
    return EnvironmentSecrets.resolveThenRead(
        env,
        resolved ->
            RemoteCatalog.resolveThenRead(
                resolved,
                withCatalog -> {
                  // Read before the configuration, so a missing variable there still shows this
                  // one read.
                  EmfMetrics metrics = EmfMetrics.fromEnvironment(withCatalog, "provisioning");
                  ProvisioningConfig config = ProvisioningConfig.fromEnvironment(withCatalog);
                  return build(config, Clients.production(config), clock, metrics);
                }));
  }

  /** The function's handler, without metrics. */
  public static ProvisioningHandler build(ProvisioningConfig config, Clients clients, Clock clock) {
    return new ProvisioningHandler(
        service(config, clients, clock), () -> {}, batches(config, clients, clock));
  }

  /** The function's handler, counting into {@code metrics} and flushing them after each batch. */
  public static ProvisioningHandler build(
      ProvisioningConfig config, Clients clients, Clock clock, EmfMetrics metrics) {
    return new ProvisioningHandler(
        service(config, clients, clock, metrics), metrics::flush, batches(config, clients, clock));
  }

  /**
   * One {@link BatchWrites} per SQS batch; with a bus configured, its record changes go to the
   * outbound events (staged in the billing table's outbox, published at the batch's end).
   */
  public static Supplier<BatchWrites> batches(
      ProvisioningConfig config, Clients clients, Clock clock) {
    if (config.eventBusName().isEmpty()) {
      return BatchWrites::new;
    }
    OutboundPublisher publisher =
        new OutboundPublisher(
            new OutboundMapper(
                config.catalog(),
                new AccessPolicy(config.pastDueGrace()),
                new DynamoVersionedRecords(clients.dynamo(), config.tableName())::subscriptions),
            new EventBridgeOutboundEvents(clients.events(), config.eventBusName().get()),
            new DynamoOutboundOutbox(clients.dynamo(), config.tableName(), clock));
    return () -> new BatchWrites(publisher);
  }

  public static ProvisioningService service(
      ProvisioningConfig config, Clients clients, Clock clock) {
    return service(config, clients, clock, Metrics.NONE);
  }

  public static ProvisioningService service(
      ProvisioningConfig config, Clients clients, Clock clock, Metrics metrics) {
    return new ProvisioningService(
        new DynamoBillingStore(
            clients.dynamo(),
            config.tableName(),
            DynamoBillingStore.DEFAULT_EMAIL_CLAIM_LEASE,
            config.auditRetention()),
        new StripeApiGateway(clients.stripe()),
        config.catalog(),
        new EmailComposer(config.email()),
        new SesEmailSender(clients.ses(), config.sesConfigurationSet()),
        trust(config, clients.dynamo()),
        clock,
        metrics);
  }

  /** The deployment's mode, and the checkout token plus tenant check that gate a new link. */
  public static TrustedLinks trust(ProvisioningConfig config, DynamoDbClient dynamo) {
    return new TrustedLinks(
        config.stripeMode(),
        config.checkoutToken(),
        new DynamoTenantDirectory(dynamo, config.tableName()));
  }

  public static StripeClient stripeClient(ProvisioningConfig config) {
    StripeClient.StripeClientBuilder builder =
        StripeClient.builder()
            .setApiKey(config.stripeSecretKey())
            // Stripe's own retries use idempotency keys; a failed message is retried by SQS on top.
            .setMaxNetworkRetries(2)
            .setConnectTimeout(3_000)
            .setReadTimeout(10_000);
    config.stripeApiBase().ifPresent(builder::setApiBase);
    return builder.build();
  }
}
