package app.billing.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.billing.core.tenant.Authenticator;
import app.billing.core.testdata.FailedEvents;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.testkit.Dynalite;
import app.billing.testkit.EmbeddedSqs;
import app.billing.testkit.LocalAws;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code java -cp admin-function.jar app.billing.admin.AdminCommand ...} as an operator runs it:
 * the SDK's default chain reads region, credentials and {@code AWS_ENDPOINT_URL_DYNAMODB} from the
 * environment, stdout carries only the human output, and the exit codes are the documented ones.
 */
class AdminJarIT {
  private static final Path JAR = Path.of("target", "admin-function.jar");
  private static final String TABLE = "admin-jar";

  @AutoClose private static Dynalite dynalite;
  @AutoClose private static DynamoDbClient dynamo;

  @BeforeAll
  static void start() {
    dynalite = Dynalite.start();
    dynamo = LocalAws.configure(DynamoDbClient.builder(), dynalite.endpoint()).build();
    BillingTable.createIfMissing(dynamo, TABLE);
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run admin(Map<String, String> env, String... args) throws Exception {
    assumeTrue(Files.exists(JAR), "the shaded jar is built in the package phase");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                JAR.toAbsolutePath().toString(),
                AdminCommand.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear(); // nothing from the developer's or CI's AWS setup leaks in
    builder.environment().putAll(env);
    Process process = builder.start();
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    String out = read(process.getInputStream());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("admin finished").isTrue();
    return new Run(process.exitValue(), out, err.get());
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, String> localEnv() {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "BILLING_TABLE", TABLE,
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "local",
                "AWS_SECRET_ACCESS_KEY", "local"));
    return env;
  }

  @Test
  void listsAndRetriesFailedEventsFromTheShadedJar() throws Exception {
    DynamoBillingStore store = new DynamoBillingStore(dynamo, TABLE);
    java.time.Instant at = java.time.Instant.parse("2026-10-01T12:00:00Z");
    store.recordFailure(
        FailedEvents.atEvent()
            .event("evt_jar_failed", "checkout.session.completed")
            .customer("cus_jar")
            .tenant("t_jar")
            .reason("stripe_404_resource_missing")
            .failedAt(at)
            .payload("{\"id\":\"evt_jar_failed\"}")
            .build());
    try (EmbeddedSqs sqs = EmbeddedSqs.start()) {
      String queueUrl =
          sqs.createFifoQueueWithDlq("jar-events.fifo", "jar-events-dlq.fifo", 5, 30).queueUrl();
      Map<String, String> env = localEnv();
      env.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString());
      env.put("EVENT_QUEUE_URL", queueUrl);

      Run listed = admin(env, "failed", "list");
      assertThat(listed.exitCode()).as(listed.err()).isZero();
      assertThat(listed.out())
          .startsWith("EVENT ID")
          .contains(
              "evt_jar_failed",
              "cus_jar",
              "t_jar",
              "2026-10-01T12:00:00Z",
              "stripe_404_resource_missing");

      Run retried = admin(env, "failed", "retry", "evt_jar_failed");
      assertThat(retried.exitCode()).as(retried.err()).isZero();
      var messages =
          sqs.client()
              .receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .messageAttributeNames("All")
                          .messageSystemAttributeNamesWithStrings(
                              "MessageGroupId", "MessageDeduplicationId"))
              .messages();
      assertThat(messages)
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.body()).isEqualTo("{\"id\":\"evt_jar_failed\"}");
                assertThat(m.messageAttributes()).containsKey("retryOfFailed");
                assertThat(m.attributesAsStrings())
                    .containsEntry("MessageGroupId", "cus_jar")
                    .containsEntry("MessageDeduplicationId", "evt_jar_failed-retry-1");
              });
    }
  }

  @Test
  void createsAndListsATenantThroughTheSdksDefaultChain() throws Exception {
    Run created =
        admin(
            localEnv(),
            "create-tenant",
            "--name",
            "Acme",
            "--email",
            "billing@acme.test",
            "--id",
            "t_jar");

    assertThat(created.exitCode()).as(created.err()).isZero();
    Matcher key =
        Pattern.compile("^  (bk_live_\\S{43})$", Pattern.MULTILINE).matcher(created.out());
    assertThat(key.find()).as(created.out()).isTrue();
    assertThat(created.out()).startsWith("Created tenant t_jar\n").doesNotContain("{\"timestamp\"");
    assertThat(created.err()).isEmpty();
    // written to dynalite, where the endpoint variable pointed the SDK
    assertThat(
            new Authenticator(new DynamoTenantStore(dynamo, TABLE))
                .tenantFor("Bearer " + key.group(1)))
        .contains("t_jar");

    Run listed = admin(localEnv(), "list-tenants");
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out())
        .startsWith("TENANT")
        .contains("t_jar")
        .contains("billing@acme.test")
        .doesNotContain(key.group(1));
  }

  @Test
  void badArgumentsExitWith2() throws Exception {
    Run run = admin(localEnv(), "create-tenant", "--name", "Acme");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("admin: create-tenant needs --email").contains("Usage: ");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aMissingTableOrRegionFailsWithAMessage() throws Exception {
    Map<String, String> noTable = localEnv();
    noTable.remove("BILLING_TABLE");
    Run run = admin(noTable, "list-tenants");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("BILLING_TABLE is missing");

    Map<String, String> noRegion = localEnv();
    noRegion.remove("AWS_REGION");
    run = admin(noRegion, "list-tenants");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("admin list-tenants: DynamoDB request failed: ")
        .containsIgnoringCase("region");
  }
}
