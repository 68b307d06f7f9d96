package app.billing.webhook.handler;

import static app.billing.testkit.story.Story.TRIAL_CHECKOUT_COMPLETED;
import static app.billing.webhook.Fixtures.SECRET;
import static app.billing.webhook.Fixtures.stripeEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.billing.testkit.EmbeddedSqs;
import app.billing.testkit.StripeSignatures;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The packaged {@code webhook-function.jar}, not the test classpath: the no-arg constructor reads
 * the environment, builds the real SQS client and delivers to ElasticMQ, logging JSON lines through
 * logback (billing-logback). Catches what the other tests cannot: shade filters that drop a needed
 * class, a lost SLF4J provider registration (SLF4J would fall back to no logging, with a warning).
 */
class ShadedJarIT {
  private static final Path JAR = Path.of("target", "webhook-function.jar");

  @AutoClose private static EmbeddedSqs sqs;
  private static String queueUrl;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    sqs = EmbeddedSqs.start();
    queueUrl =
        sqs.createFifoQueueWithDlq("shaded-events.fifo", "shaded-events-dlq.fifo", 5, 60)
            .queueUrl();
  }

  private record Run(int exitCode, String output) {}

  private Run probe(Map<String, String> env, String payload, String signature) throws Exception {
    assumeTrue(Files.exists(JAR), "the shaded jar is built in the package phase");
    Path body = tmp.resolve("body.json");
    Files.writeString(body, payload, StandardCharsets.UTF_8);
    String classpath =
        JAR.toAbsolutePath()
            + File.pathSeparator
            + Path.of("target", "test-classes").toAbsolutePath();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                ShadedJarProbe.class.getName(),
                body.toString(),
                signature)
            .redirectErrorStream(true);
    builder.environment().clear(); // nothing from the developer's or CI's AWS setup leaks in
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
    return new Run(process.exitValue(), output);
  }

  @Test
  void theShippedJarVerifiesAndEnqueues() throws Exception {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "STRIPE_WEBHOOK_SECRETS",
                SECRET,
                "EVENT_QUEUE_URL",
                queueUrl,
                "STRIPE_MODE",
                "test",
                "AWS_REGION",
                "us-east-1",
                "AWS_ENDPOINT_URL_SQS",
                sqs.endpoint().toString(),
                "AWS_ACCESS_KEY_ID",
                "local",
                "AWS_SECRET_ACCESS_KEY",
                "local"));

    Run run =
        probe(
            env, payload, StripeSignatures.header(payload, SECRET, Instant.now().getEpochSecond()));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("STATUS 200")
        .contains("BODY {\"received\":true,\"enqueued\":true}")
        // a JSON line with the MDC fields, and SLF4J bound to logback alone (no "SLF4J(W)" warning)
        .containsPattern(
            "\\{\"timestamp\":\\d+,\"level\":\"INFO\",\"loggerName\":\"app\\.billing\\.[^\"]+\",\"mdc\": \\{(?=[^}]*\"eventId\":\"evt_1aWs8MSb7kQ2wLn5dpkPYNg1\")(?=[^}]*\"outcome\":\"enqueued\")")
        .doesNotContain("SLF4J(")
        .doesNotContain(SECRET)
        .doesNotContain("ERROR");
    List<Message> messages =
        sqs.client()
            .receiveMessage(
                b ->
                    b.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
            .messages();
    assertThat(messages)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.body()).isEqualTo(payload);
              assertThat(m.attributes())
                  .containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "cus_1BREyS0ms3pllo");
            });
  }

  @Test
  void theShippedJarRefusesWrongAndExpiredSignatures() throws Exception {
    // The signature-failure path of stripe-java (SignatureVerificationException) must survive the
    // shade
    // filters, which leave out stripe-java's models and typed events.
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    Map<String, String> env =
        Map.of(
            "STRIPE_WEBHOOK_SECRETS",
            SECRET,
            "EVENT_QUEUE_URL",
            queueUrl,
            "STRIPE_MODE",
            "test",
            "AWS_REGION",
            "us-east-1",
            "AWS_ENDPOINT_URL_SQS",
            sqs.endpoint().toString(),
            "AWS_ACCESS_KEY_ID",
            "local",
            "AWS_SECRET_ACCESS_KEY",
            "local");
    long now = Instant.now().getEpochSecond();

    Run wrong =
        probe(env, payload, StripeSignatures.header(payload, "whsec_not_ours_0123456789", now));
    Run expired = probe(env, payload, StripeSignatures.header(payload, SECRET, now - 3_600));
    Run malformed = probe(env, payload, "t=abc,v1=zz");

    for (Run run : List.of(wrong, expired, malformed)) {
      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output())
          .contains("STATUS 400")
          .contains("invalid_signature")
          .doesNotContain("ERROR");
    }
  }

  @Test
  void theShippedJarFailsInitNamingEveryMissingVariable() throws Exception {
    Run run = probe(Map.of("AWS_REGION", "us-east-1"), "{}", "t=1,v1=00");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output())
        .contains("STRIPE_WEBHOOK_SECRETS is missing")
        .contains("EVENT_QUEUE_URL is missing")
        .doesNotContain("STATUS");
  }
}
