package app.billing.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.admin.AdminCommand;
import app.billing.core.event.EventEnvelopeReader;
import app.billing.local.RunningStack.Response;
import app.billing.sqs.SqsEventQueue;
import app.billing.testkit.LocalAws;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An event that failed five times lands in the DLQ; once the cause is gone, {@code admin dlq
 * redrive} moves it back and provisioning applies it, once. The purchase goes through the local
 * stack's HTTP API; the admin command talks to the stack's SQS and DynamoDB as an operator's would
 * to AWS.
 */
class DlqRedriveE2ET {
  private static final Pattern SQS =
      Pattern.compile("SQS \\(ElasticMQ\\)\\s+(http://127\\.0\\.0\\.1:\\d+)");
  private static final Pattern DYNAMO =
      Pattern.compile("DynamoDB \\(dynalite\\)\\s+(http://127\\.0\\.0\\.1:\\d+)");

  @Test
  void aDeadLetteredEventIsListedRedrivenAndAppliedOnce() throws Exception {
    try (RunningStack stack =
        RunningStack.startWithVisibility(
            "dlq", Map.of("RECONCILE_INTERVAL_SECONDS", "0"), Duration.ofSeconds(1))) {
      assertThat(stack.postForm(stack.checkout("{\"plan\":\"pro\"}") + "/pay", Map.of()).status())
          .isEqualTo(303);
      stack.awaitSubscription("active", RunningStack.status("active"));
      RunningStack.await("welcome and receipt", () -> stack.emails().size(), n -> n == 2);
      stack.awaitQueueDrained();

      // The next renewal is paid while the webhook is down; its invoice.paid reaches the queue
      // another way
      // (as the reconciler would put it there) in an API version the SDK cannot type, so
      // provisioning
      // refetches the invoice, and Stripe answers 429 until the event has failed five times: the
      // DLQ.
      post(stack, "/_local/outage", "{\"on\": true}");
      assertThat(stack.postForm(stack.portal() + "/simulate-renewal", Map.of()).status())
          .isEqualTo(303);
      JsonObject renewal =
          RunningStack.await(
                  "the undelivered renewal",
                  () ->
                      stack.webhookDeliveries().asList().stream()
                          .map(d -> d.getAsJsonObject())
                          .filter(d -> d.get("type").getAsString().equals("invoice.paid"))
                          .reduce((first, second) -> second)
                          .orElseThrow(),
                  d -> !d.get("delivered").getAsBoolean())
              .getAsJsonObject("event");
      String eventId = renewal.get("id").getAsString();
      renewal.addProperty("api_version", "2025-03-31.basil");
      post(stack, "/_local/stripe/rate-limit", "{\"requests\": 1000, \"path\": \"/v1/invoices/\"}");
      SqsClient sqs =
          LocalAws.configure(SqsClient.builder(), URI.create(endpoint(SQS, stack.banner())))
              .build();
      String queueUrl = sqs.getQueueUrl(r -> r.queueName(LocalStack.QUEUE_NAME)).queueUrl();
      Map<String, String> env =
          Map.of(
              "EVENT_QUEUE_URL",
              queueUrl,
              "BILLING_TABLE",
              LocalStack.TABLE_NAME,
              "AWS_REGION",
              LocalAws.REGION.id());
      var dynamo =
          LocalAws.configure(
                  software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder(),
                  URI.create(endpoint(DYNAMO, stack.banner())))
              .build();

      String payload = renewal.toString();
      new SqsEventQueue(sqs, queueUrl).enqueue(EventEnvelopeReader.read(payload), payload);
      RunningStack.await("the renewal in the DLQ", stack::dlq, dlq -> dlq.isPresent());
      assertThat(stack.emails()).as("no receipt yet").hasSize(2);

      Result list = admin(env, sqs, dynamo, "dlq", "list");
      assertThat(list.code()).as(list.err()).isZero();
      assertThat(list.out())
          .contains("invoice.paid", stack.info().tenantId(), "cus_")
          .contains("EVENT ID", "TYPE", "CUSTOMER", "TENANT", "FIRST QUEUED");
      assertThat(list.out()).contains(eventId);
      Result show = admin(env, sqs, dynamo, "dlq", "show", eventId);
      assertThat(show.out())
          .contains("event:        " + eventId, "tenant:       " + stack.info().tenantId());
      assertThat(stack.dlq()).as("listing leaves the DLQ as it was").isPresent();

      // The cause is gone: redrive, and provisioning applies the event once.
      post(stack, "/_local/stripe/rate-limit", "{\"requests\": 0}");
      Result redrive = admin(env, sqs, dynamo, "dlq", "redrive");
      assertThat(redrive.code()).as(redrive.err()).isZero();
      assertThat(redrive.out()).contains("redriven " + eventId, "Moved 1 event(s)");
      RunningStack.await(
          "the renewal receipt",
          () -> stack.emailsWithSubject("Your Acme receipt: $49.00"),
          n -> n == 2);
      stack.awaitQueueDrained();
      assertThat(stack.dlq()).isEmpty();

      // Redriving again finds nothing; the webhook's late retries of the same event change nothing.
      assertThat(admin(env, sqs, dynamo, "dlq", "redrive").out()).contains("Moved 0 event(s)");
      assertThat(admin(env, sqs, dynamo, "dlq", "list").out())
          .contains("The dead-letter queue is empty.");
      post(stack, "/_local/outage", "{\"on\": false}");
      RunningStack.sleep(3_000);
      stack.awaitQueueDrained();
      assertThat(stack.emails())
          .as("welcome, first receipt, renewal receipt: each once")
          .hasSize(3);
      assertThat(stack.getWithKey("/billing/payments").object().getAsJsonArray("data")).hasSize(2);
      sqs.close();
      dynamo.close();
    }
  }

  record Result(int code, String out, String err) {}

  private static void post(RunningStack stack, String path, String json) {
    Response response = stack.post(path, Map.of("Content-Type", "application/json"), json);
    assertThat(response.status()).as(path + " " + response.body()).isEqualTo(200);
  }

  private static Result admin(
      Map<String, String> env,
      SqsClient sqs,
      software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo,
      String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new AdminCommand(env, dynamo)
            .withSqs(sqs)
            .run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String endpoint(Pattern pattern, String banner) {
    Matcher matcher = pattern.matcher(banner);
    assertThat(matcher.find()).as(banner).isTrue();
    return matcher.group(1);
  }
}
