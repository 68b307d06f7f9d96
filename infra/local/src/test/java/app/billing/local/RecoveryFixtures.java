package app.billing.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.admin.AdminCommand;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.testdata.PaymentRecords;
import app.billing.core.testdata.SubscriptionRecords;
import app.billing.testkit.LocalAws;
import com.stripe.StripeClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** What the recovery E2E tests share: the admin command run in-process against a running stack. */
final class RecoveryFixtures {
  /** The stand-in accepts any sk_test_ key. */
  static final String STAND_IN_KEY = "sk_test_recovery_e2e";

  private RecoveryFixtures() {}

  record AdminRun(int exitCode, String out, String err) {}

  static DynamoDbClient dynamo(StackEndpoints endpoints) {
    return LocalAws.configure(DynamoDbClient.builder(), endpoints.dynamo()).build();
  }

  static StripeClient stripe(StackEndpoints endpoints) {
    return StripeClient.builder()
        .setApiKey(STAND_IN_KEY)
        .setApiBase(endpoints.stripeApiBase().toString())
        .build();
  }

  static String queueUrl(StackEndpoints endpoints) {
    try (SqsClient sqs = LocalAws.configure(SqsClient.builder(), endpoints.sqs()).build()) {
      return sqs.getQueueUrl(b -> b.queueName(LocalStack.QUEUE_NAME)).queueUrl();
    }
  }

  /** {@code bin/admin <args>} with the environment an operator sets for the local stack. */
  static AdminRun admin(
      StackEndpoints endpoints, DynamoDbClient dynamo, String table, String... args) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "BILLING_TABLE",
                table,
                "STRIPE_SECRET_KEY",
                STAND_IN_KEY,
                "STRIPE_API_BASE",
                endpoints.stripeApiBase().toString(),
                "EVENT_QUEUE_URL",
                queueUrl(endpoints),
                "AWS_ENDPOINT_URL_SQS",
                endpoints.sqs().toString(),
                "AWS_REGION",
                LocalAws.REGION.id(),
                "AWS_ACCESS_KEY_ID",
                "local",
                "AWS_SECRET_ACCESS_KEY",
                "local"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new AdminCommand(env, dynamo)
            .run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    return new AdminRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static AdminRun adminOk(
      StackEndpoints endpoints, DynamoDbClient dynamo, String table, String... args) {
    AdminRun run = admin(endpoints, dynamo, table, args);
    assertThat(run.exitCode()).as("admin %s: %s", String.join(" ", args), run.err()).isZero();
    return run;
  }

  /** The record's content, without the version of what wrote it (an event or a refetch). */
  static SubscriptionRecord content(SubscriptionRecord r) {
    return SubscriptionRecords.withStatus(r.status())
        .tenant(r.tenantId())
        .customer(r.customerId())
        .subscription(r.subscriptionId())
        .plan(r.planKey())
        .price(r.priceId())
        .cycle(r.billingCycle())
        .quantity(r.quantity())
        .period(r.currentPeriodStart(), r.currentPeriodEnd())
        .trialEnd(r.trialEnd())
        .cancelAtPeriodEnd(r.cancelAtPeriodEnd())
        .cancelAt(r.cancelAt())
        .canceledAt(r.canceledAt())
        .endedAt(r.endedAt())
        .cancellationReason(r.cancellationReason())
        .pastDueSince(r.pastDueSince())
        .version(null)
        .build();
  }

  static List<PaymentRecord> content(List<PaymentRecord> payments) {
    return payments.stream()
        .map(
            p ->
                PaymentRecords.ofKind(p.kind())
                    .tenant(p.tenantId())
                    .id(p.paymentId())
                    .customer(p.customerId())
                    .amount(p.amount())
                    .amountPaid(p.amountPaid())
                    .currency(p.currency())
                    .status(p.status())
                    .description(p.description())
                    .created(p.created())
                    .hostedUrl(p.hostedUrl())
                    .pdfUrl(p.pdfUrl())
                    .billingReason(p.billingReason())
                    .subscription(p.subscriptionId())
                    .catalogKey(p.catalogKey())
                    .version(null)
                    .build())
        .sorted(Comparator.comparing(PaymentRecord::paymentId))
        .toList();
  }
}
