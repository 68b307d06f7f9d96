package app.billing.account;

import app.billing.core.checkout.CheckoutToken;
import app.billing.core.tenant.TenantProfile;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.provisioning.ProvisioningConfig;
import app.billing.provisioning.ProvisioningWiring;
import app.billing.provisioning.handler.ProvisioningHandler;
import app.billing.testkit.Dynalite;
import app.billing.testkit.LocalAws;
import app.billing.testkit.SesStandIn;
import app.billing.testkit.StripeStandIn;
import app.billing.testkit.story.Story;
import app.billing.testkit.story.StoryTokens;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Billing tables filled the way production fills them: testkit's {@link Story} delivered as SQS
 * batches of at most 10 to the real provisioning handler, wired to dynalite, the SES stand-in and
 * the Stripe stand-in (answering the refetches the story needs from testkit's {@code stripe-api/}).
 */
public final class StoryTables implements AutoCloseable {
  public static final String CUSTOMER = "cus_1BREyS0ms3pllo";
  private static final AtomicInteger TABLES = new AtomicInteger();

  /** Signs the story's checkout as our checkout would have; provisioning links only by it. */
  private static final String TOKEN_KEY = "account-story-tables-token-key-0123456789";

  private static final CheckoutToken TOKEN = CheckoutToken.fromSecret(TOKEN_KEY);

  final Dynalite dynalite = Dynalite.start();
  final SesStandIn ses = SesStandIn.start();
  final StripeStandIn stripe = StripeStandIn.start();
  public final DynamoDbClient dynamo =
      LocalAws.configure(DynamoDbClient.builder(), dynalite.endpoint()).build();
  private final SesV2Client sesClient =
      LocalAws.configure(SesV2Client.builder(), ses.endpoint()).build();

  public StoryTables() {
    stripe.stubGetFromResource(
        "/v1/invoices/in_1plsy9Sb7kQ2wLn5JjcU8pZL", "stripe-api/invoice-in_1plsy9.json");
    stripe.stubGetFromResource(
        "/v1/customers/" + CUSTOMER, "stripe-api/customer-cus_1BREyS0ms3pllo.json");
    stripe.stubGetFromResource(
        "/v1/subscriptions/sub_1hNEdcSb7kQ2wLn5P4c3ZkD7",
        "stripe-api/subscription-sub_1hNEdc.json");
    stripe.stubGetFromResource(
        "/v1/checkout/sessions/cs_test_a1eH2EQrk2NxSAyAscvcTEoBBIJpAumWGq6HSCllU7XQH04siu/line_items",
        "stripe-api/checkout-line-items-cs_test_a1eH2E.json");
  }

  /** An empty billing table. */
  public String emptyTable() {
    String table = "account-" + TABLES.incrementAndGet();
    BillingTable.createIfMissing(dynamo, table);
    return table;
  }

  /**
   * A new table holding the customer's story up to {@code last} (inclusive): {@link
   * Story#CUSTOMER_DELETED} is the whole story, {@link Story#WENT_PAST_DUE} stops while the
   * subscription is past due.
   */
  public String storyUpTo(Story last) {
    String table = emptyTable();
    // Provisioning links a customer only to a tenant that exists.
    new DynamoTenantStore(dynamo, table)
        .createTenant(
            new TenantProfile(
                Story.TENANT,
                "Acme",
                "billing@acme.test",
                null,
                Instant.parse("2026-01-01T00:00:00Z")));
    ProvisioningConfig config =
        ProvisioningConfig.fromEnvironment(
            Map.of(
                "BILLING_TABLE", table,
                "STRIPE_SECRET_KEY", "sk_test_local",
                "STRIPE_API_BASE", stripe.baseUrl(),
                "EMAIL_FROM", "Acme Billing <billing@acme.test>",
                "APP_BILLING_URL", "https://app.acme.test/billing",
                "PRODUCT_NAME", "Acme",
                "CHECKOUT_TOKEN_KEY", TOKEN_KEY));
    ProvisioningHandler handler =
        ProvisioningWiring.build(
            config,
            new ProvisioningWiring.Clients(
                dynamo, sesClient, ProvisioningWiring.stripeClient(config)),
            Clock.systemUTC());
    List<String> events = storyEvents(last);
    for (int from = 0; from < events.size(); from += 10) {
      SQSBatchResponse response =
          handler.handleRequest(
              batch(events.subList(from, Math.min(from + 10, events.size()))), null);
      if (!response.getBatchItemFailures().isEmpty()) {
        throw new AssertionError(
            "provisioning refused story events: " + response.getBatchItemFailures());
      }
    }
    return table;
  }

  /**
   * The events our webhook enqueues (the customer's steps; product and price events are not), in
   * story order.
   */
  static List<String> storyEvents(Story last) {
    return Story.between(Story.TRIAL_CHECKOUT_COMPLETED, last).stream()
        .map(step -> StoryTokens.signed(step.json(), TOKEN::sign))
        .toList();
  }

  private static SQSEvent batch(List<String> payloads) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (String payload : payloads) {
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId("msg-" + TABLES.get() + "-" + records.size());
      message.setBody(payload);
      message.setAttributes(Map.of("ApproximateReceiveCount", "1", "MessageGroupId", CUSTOMER));
      records.add(message);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  @Override
  public void close() {
    sesClient.close();
    dynamo.close();
    stripe.close();
    ses.close();
    dynalite.close();
  }
}
