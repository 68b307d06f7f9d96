package app.billing.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.deploy.Deployables.Deployable;
import app.billing.dynamodb.BillingTable;
import app.billing.testkit.SqsEventSource;
import app.billing.testkit.StripeStandIn;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * webhook -> SQS FIFO -> provisioning -> DynamoDB against LocalStack's real service emulations
 * (Secrets Manager, SQS with the template's queue settings, DynamoDB, SES), the functions built the
 * way their Lambda init builds them (secrets resolved from *_ARN variables). Stripe is the WireMock
 * stand-in. Needs Docker: skipped where there is none (this project's CI machines have none, so it
 * runs on a developer machine with Docker: {@code ./mvnw verify -pl deploy-tests
 * -Dit.test=LocalStackPipelineIT}).
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackPipelineIT {
  static final String CUSTOMER = "cus_1BREyS0ms3pllo";

  @Container
  static final LocalStackContainer localstack =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
          .withServices("sqs", "dynamodb", "secretsmanager", "ses");

  static StripeStandIn stripe;

  @BeforeAll
  static void start() {
    stripe = StripeStandIn.start();
    World.stubStripe(stripe);
    // Every client the functions build finds LocalStack through the SDK's own configuration chain.
    System.setProperty("aws.endpointUrl", localstack.getEndpoint().toString());
    System.setProperty("aws.region", localstack.getRegion());
    System.setProperty("aws.accessKeyId", localstack.getAccessKey());
    System.setProperty("aws.secretAccessKey", localstack.getSecretKey());
  }

  @AfterAll
  static void stop() {
    if (stripe != null) {
      stripe.close();
    }
    for (String property :
        new String[] {"aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey"}) {
      System.clearProperty(property);
    }
  }

  static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
    builder
        .endpointOverride(localstack.getEndpoint())
        .region(Region.of(localstack.getRegion()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey())));
    builder.httpClientBuilder(UrlConnectionHttpClient.builder());
    return builder.build();
  }

  @Test
  void aSignedStripeEventTravelsFromTheWebhookThroughTheFifoQueueIntoTheTable() {
    Map<String, Map<String, String>> local = World.readEnvJsonForTests();
    try (SecretsManagerClient secrets = client(SecretsManagerClient.builder());
        SqsClient sqs = client(SqsClient.builder());
        DynamoDbClient dynamo = client(DynamoDbClient.builder());
        SesV2Client ses = client(SesV2Client.builder())) {
      // The stack, as template.yaml describes it.
      String webhookSecretArn =
          secrets
              .createSecret(
                  b ->
                      b.name("stripe-billing/webhook-secrets")
                          .secretString(local.get("WebhookFunction").get("STRIPE_WEBHOOK_SECRETS")))
              .arn();
      String stripeKeyArn =
          secrets
              .createSecret(
                  b ->
                      b.name("stripe-billing/stripe-secret-key").secretString("sk_test_localstack"))
              .arn();
      Map<String, Object> queueProperties = Template.get().properties("EventQueue");
      String dlqUrl =
          sqs.createQueue(
                  b ->
                      b.queueName("stripe-billing-events-dlq.fifo")
                          .attributes(
                              Map.of(
                                  QueueAttributeName.FIFO_QUEUE,
                                  "true",
                                  QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
                                  "false")))
              .queueUrl();
      String dlqArn =
          sqs.getQueueAttributes(
                  b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      String queueUrl =
          sqs.createQueue(
                  b ->
                      b.queueName("stripe-billing-events.fifo")
                          .attributes(
                              Map.of(
                                  QueueAttributeName.FIFO_QUEUE,
                                  "true",
                                  QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
                                  String.valueOf(queueProperties.get("ContentBasedDeduplication")),
                                  QueueAttributeName.VISIBILITY_TIMEOUT,
                                  String.valueOf(queueProperties.get("VisibilityTimeout")),
                                  QueueAttributeName.REDRIVE_POLICY,
                                  "{\"deadLetterTargetArn\":\""
                                      + dlqArn
                                      + "\",\"maxReceiveCount\":"
                                      + Template.map(queueProperties.get("RedrivePolicy"))
                                          .get("maxReceiveCount")
                                      + "}")))
              .queueUrl();
      String table = "stripe-billing-BillingTable";
      BillingTable.createIfMissing(dynamo, table);
      ses.createEmailIdentity(b -> b.emailIdentity("acme.test"));

      // Webhook: init as in Lambda (secret read through its ARN), one signed delivery.
      Map<String, String> webhookEnv =
          Map.of(
              "STRIPE_WEBHOOK_SECRETS_ARN",
              webhookSecretArn,
              "EVENT_QUEUE_URL",
              queueUrl,
              "AWS_REGION",
              localstack.getRegion());
      RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> webhook =
          handler("webhook", webhookEnv);
      APIGatewayV2HTTPEvent delivery =
          EventLoader.loadApiGatewayHttpEvent(
              World.EVENTS.resolve("webhook/signed-checkout.session.completed.json").toString());
      EventsRun.signedAt(delivery).ifPresent(t -> Deployables.CLOCK.set(t.plusSeconds(1)));
      APIGatewayV2HTTPResponse response = webhook.handleRequest(delivery, null);
      Deployables.CLOCK.reset();
      assertThat(response.getStatusCode()).isEqualTo(200);
      assertThat(response.getBody()).isEqualTo("{\"received\":true,\"enqueued\":true}");

      // Provisioning: init as in Lambda, fed by an event source that behaves like Lambda's.
      Map<String, String> provisioningEnv =
          new HashMap<>(
              Map.of(
                  "BILLING_TABLE",
                  table,
                  "STRIPE_SECRET_KEY_ARN",
                  stripeKeyArn,
                  "STRIPE_API_BASE",
                  stripe.baseUrl(),
                  "EMAIL_FROM",
                  "Acme Billing <billing@acme.test>",
                  "APP_BILLING_URL",
                  "https://app.acme.test/billing",
                  "AWS_REGION",
                  localstack.getRegion()));
      RequestHandler<SQSEvent, SQSBatchResponse> provisioning =
          handler("provisioning", provisioningEnv);
      int received =
          new SqsEventSource(sqs, queueUrl, e -> provisioning.handleRequest(e, null))
              .pollOnce(Duration.ofSeconds(10));
      assertThat(received).isEqualTo(1);

      Map<String, AttributeValue> link =
          dynamo
              .getItem(
                  b ->
                      b.tableName(table)
                          .consistentRead(true)
                          .key(
                              Map.of(
                                  BillingTable.PK,
                                  AttributeValue.fromS(BillingTable.customerPk(CUSTOMER)),
                                  BillingTable.SK,
                                  AttributeValue.fromS(BillingTable.LINK_SK))))
              .item();
      assertThat(link.get("tenantId").s()).isEqualTo(World.TENANT);
      assertThat(count(sqs, queueUrl)).as("left on the queue").isZero();
      assertThat(count(sqs, dlqUrl)).as("in the DLQ").isZero();
    }
  }

  @SuppressWarnings("unchecked")
  private static <I, O> RequestHandler<I, O> handler(String folder, Map<String, String> env) {
    Deployable function = Deployables.byFolder(folder).orElseThrow();
    return (RequestHandler<I, O>) function.init().apply(env);
  }

  private static int count(SqsClient sqs, String url) {
    return sqs
        .getQueueAttributes(
            b ->
                b.queueUrl(url)
                    .attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .attributes()
        .values()
        .stream()
        .mapToInt(Integer::parseInt)
        .sum();
  }
}
