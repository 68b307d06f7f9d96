package app.billing.admin;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.provisioning.ProvisioningConfig;
import app.billing.provisioning.ProvisioningWiring;
import app.billing.provisioning.handler.ProvisioningHandler;
import app.billing.testkit.Dynalite;
import app.billing.testkit.EmbeddedSqs;
import app.billing.testkit.LocalAws;
import app.billing.testkit.SesStandIn;
import app.billing.testkit.SqsEventSource;
import app.billing.testkit.StripeStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * {@code admin failed list|retry} end to end: a purchase whose checkout session Stripe answers 404
 * for is recorded as failed by the real provisioning function (ElasticMQ, dynalite, Stripe and SES
 * stand-ins), listed, retried while still failing, then retried once the cause is gone: applied.
 */
class FailedCommandIT {
  private static final String CUSTOMER = "cus_FailedRetry01";
  private static final String TENANT = "tn_failed_retry";
  private static final String SESSION = "cs_test_FailedRetry01";
  private static final String EVENT = "evt_FailedRetry01";
  private static final String WORKSHOP_PRICE = "price_1Wk5hpSb7kQ2wLn5Workshop";

  @AutoClose static Dynalite dynalite;
  @AutoClose static EmbeddedSqs sqs;
  @AutoClose static SesStandIn ses;
  @AutoClose static StripeStandIn stripe;
  @AutoClose static DynamoDbClient dynamo;
  @AutoClose static SesV2Client sesClient;

  @BeforeAll
  static void start() {
    dynalite = Dynalite.start();
    sqs = EmbeddedSqs.start();
    ses = SesStandIn.start();
    stripe = StripeStandIn.start();
    dynamo = LocalAws.configure(DynamoDbClient.builder(), dynalite.endpoint()).build();
    sesClient = LocalAws.configure(SesV2Client.builder(), ses.endpoint()).build();
  }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void aFailedEventIsListedAndAppliedByARetryOnceItsCauseIsRemoved() {
    String table = "billing-failed-retry";
    BillingTable.createIfMissing(dynamo, table);
    EmbeddedSqs.Queues queues =
        sqs.createFifoQueueWithDlq("failed-retry.fifo", "failed-retry-dlq.fifo", 5, 1);
    DynamoBillingStore store = new DynamoBillingStore(dynamo, table);
    store.link(CUSTOMER, TENANT, Instant.now());
    SqsEventSource provisioning =
        new SqsEventSource(sqs.client(), queues.queueUrl(), provisioningOn(table)::handle);
    AdminCommand admin =
        new AdminCommand(
            Map.of("BILLING_TABLE", table, "EVENT_QUEUE_URL", queues.queueUrl()),
            dynamo,
            sqs.client());
    stripe.stubStatus(
        "GET",
        "/v1/checkout/sessions/" + SESSION + "/line_items",
        404,
        """
        {"error": {"type": "invalid_request_error", "code": "resource_missing",
         "message": "No such checkout.session: '%s'", "param": "id"}}"""
            .formatted(SESSION));

    // As the webhook enqueues it: group = customer, dedup = event id.
    sqs.client()
        .sendMessage(
            b ->
                b.queueUrl(queues.queueUrl())
                    .messageBody(purchaseEvent())
                    .messageGroupId(CUSTOMER)
                    .messageDeduplicationId(EVENT));
    drain(provisioning);

    assertThat(run(admin, "failed", "list")).isZero();
    assertThat(out())
        .contains("EVENT ID", "TYPE", "CUSTOMER", "TENANT", "FIRST FAILURE", "REASON")
        .containsPattern(
            EVENT
                + " +checkout\\.session\\.completed +"
                + CUSTOMER
                + " +"
                + TENANT
                + " +20\\d\\d-\\d\\d-\\d\\dT[0-9:.]+Z +1 +event +stripe_404_resource_missing");
    assertThat(store.payments(TENANT)).isEmpty();
    assertThat(sqs.client().receiveMessage(b -> b.queueUrl(queues.dlqUrl())).messages()).isEmpty();

    // Retried while Stripe still answers 404: still failed, one more attempt.
    assertThat(run(admin, "failed", "retry", EVENT)).isZero();
    assertThat(out()).contains("Re-enqueued " + EVENT);
    drain(provisioning);
    assertThat(store.failedEvent(EVENT))
        .get()
        .satisfies(f -> assertThat(f.attempts()).isEqualTo(2));

    // The cause removed: Stripe knows the session's line items now.
    stripe.stubStatus(
        "GET",
        "/v1/checkout/sessions/" + SESSION + "/line_items",
        200,
        """
        {"object": "list", "url": "/v1/checkout/sessions/%s/line_items", "has_more": false,
         "data": [{"id": "li_FailedRetry01", "object": "item", "amount_total": 29900, "currency": "usd",
                   "quantity": 1, "price": {"id": "%s", "object": "price", "type": "one_time"}}]}"""
            .formatted(SESSION, WORKSHOP_PRICE));
    assertThat(run(admin, "failed", "retry", "--all")).isZero();
    drain(provisioning);

    assertThat(store.payments(TENANT))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.paymentId()).isEqualTo(SESSION);
              assertThat(p.status()).isEqualTo("paid");
            });
    assertThat(store.credits(TENANT)).isEqualTo(5);
    assertThat(ses.sentEmails())
        .extracting(SesStandIn.SentEmail::subject)
        .containsExactly("Receipt for Onboarding workshop: $299.00");
    assertThat(store.failedEvent(EVENT)).isEmpty();
    assertThat(run(admin, "failed", "list")).isZero();
    assertThat(out()).isEqualTo("No failed events.\n");

    // Nothing left to retry; an unknown id is an error.
    assertThat(run(admin, "failed", "retry", EVENT)).isEqualTo(AdminCommand.FAILED);
    assertThat(err()).contains("no failed event " + EVENT);
  }

  @Test
  void retryNeedsTheQueueAndAnEventIdOrAll() {
    AdminCommand noQueue = new AdminCommand(Map.of("BILLING_TABLE", "t"), dynamo, sqs.client());
    assertThat(run(noQueue, "failed", "retry", EVENT)).isEqualTo(AdminCommand.FAILED);
    assertThat(err()).contains("EVENT_QUEUE_URL is missing");

    AdminCommand admin =
        new AdminCommand(
            Map.of("BILLING_TABLE", "t", "EVENT_QUEUE_URL", "http://q/x.fifo"),
            dynamo,
            sqs.client());
    assertThat(run(admin, "failed")).isEqualTo(AdminCommand.USAGE);
    assertThat(run(admin, "failed", "retry", "--everything")).isEqualTo(AdminCommand.USAGE);
    assertThat(run(admin, "failed", "list", "extra")).isEqualTo(AdminCommand.USAGE);
    assertThat(err()).contains("failed retry <event id> | failed retry --all");
  }

  private record Provisioning(ProvisioningHandler handler) {
    com.amazonaws.services.lambda.runtime.events.SQSBatchResponse handle(
        com.amazonaws.services.lambda.runtime.events.SQSEvent event) {
      return handler.handleRequest(event, null);
    }
  }

  private static Provisioning provisioningOn(String table) {
    ProvisioningConfig config =
        ProvisioningConfig.fromEnvironment(
            Map.of(
                "BILLING_TABLE", table,
                "STRIPE_SECRET_KEY", "sk_test_local",
                "STRIPE_API_BASE", stripe.baseUrl(),
                "EMAIL_FROM", "Acme Billing <billing@acme.test>",
                "APP_BILLING_URL", "https://app.acme.test/billing",
                "PRODUCT_NAME", "Acme",
                "CHECKOUT_TOKEN_KEY", "failed-command-it-token-key-0123456789abc"));
    return new Provisioning(
        ProvisioningWiring.build(
            config,
            new ProvisioningWiring.Clients(
                dynamo, sesClient, ProvisioningWiring.stripeClient(config)),
            Clock.systemUTC()));
  }

  /** Until the queue has been empty for a few polls. */
  private static void drain(SqsEventSource source) {
    int idle = 0;
    while (idle < 2) {
      idle = source.pollOnce(Duration.ofSeconds(1)) == 0 ? idle + 1 : 0;
    }
  }

  /**
   * A one-time purchase of ours without catalog_key metadata: provisioning asks Stripe what was
   * sold.
   */
  private static String purchaseEvent() {
    long created = Instant.now().getEpochSecond();
    return """
        {"id": "%s", "object": "event", "api_version": "2026-07-29.dahlia", "created": %d, "livemode": false,
         "pending_webhooks": 1, "request": {"id": null, "idempotency_key": null},
         "type": "checkout.session.completed",
         "data": {"object": {"id": "%s", "object": "checkout.session", "mode": "payment",
           "payment_status": "paid", "status": "complete", "amount_total": 29900, "currency": "usd",
           "customer": "%s", "created": %d, "metadata": {},
           "customer_details": {"email": "ada@example.com", "name": "Ada Lovelace"}}}}
        """
        .formatted(EVENT, created, SESSION, CUSTOMER, created);
  }

  private int run(AdminCommand command, String... args) {
    out.reset();
    err.reset();
    return command.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
