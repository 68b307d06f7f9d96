package app.billing.account.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.billing.core.model.EventVersion;
import app.billing.core.testdata.PaymentRecords;
import app.billing.core.testdata.SubscriptionRecords;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.testkit.Dynalite;
import app.billing.testkit.LocalAws;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The packaged {@code account-function.jar}, not the test classpath: the no-arg constructor reads
 * the environment, builds the real DynamoDB client (endpoint from {@code
 * AWS_ENDPOINT_URL_DYNAMODB}) and answers every route, logging JSON lines through logback
 * (billing-logback). Catches what the other tests cannot: the Stripe SDK and mustache left out of
 * the jar but needed after all, a lost SLF4J provider registration.
 */
class ShadedJarIT {
  private static final Path JAR = Path.of("target", "account-function.jar");
  private static final String TENANT = "usr_shaded";
  private static final String TABLE = "billing-shaded";

  @AutoClose private static Dynalite dynalite;

  @BeforeAll
  static void start() {
    dynalite = Dynalite.start();
    try (DynamoDbClient dynamo =
        LocalAws.configure(DynamoDbClient.builder(), dynalite.endpoint()).build()) {
      BillingTable.createIfMissing(dynamo, TABLE);
      DynamoBillingStore store = new DynamoBillingStore(dynamo, TABLE);
      EventVersion v = new EventVersion(1_790_000_000L, "evt_shaded");
      store.saveSubscription(
          SubscriptionRecords.active()
              .tenant(TENANT)
              .customer("cus_shaded")
              .subscription("sub_shaded")
              .plan("pro")
              .price("price_14K14PSb7kQ2wLn5JNF92G3q")
              .period(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"))
              .version(v)
              .build(),
          false);
      for (int i = 1; i <= 3; i++) {
        store.savePayment(
            PaymentRecords.invoice()
                .tenant(TENANT)
                .id("in_shaded_" + i)
                .customer("cus_shaded")
                .paid(4900)
                .status("paid")
                .description("Pro (monthly)")
                .created(Instant.parse("2026-0" + (6 + i) + "-01T00:00:00Z"))
                .version(v)
                .build(),
            false);
      }
    }
  }

  private record Run(int exitCode, String output) {}

  private Run probe(Map<String, String> env, String... targets) throws Exception {
    assumeTrue(Files.exists(JAR), "the shaded jar is built in the package phase");
    String classpath =
        JAR.toAbsolutePath()
            + File.pathSeparator
            + Path.of("target", "test-classes").toAbsolutePath();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                ShadedJarProbe.class.getName(),
                TENANT));
    command.addAll(List.of(targets));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear(); // nothing from the developer's or CI's AWS setup leaks in
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
    return new Run(process.exitValue(), output);
  }

  @Test
  void theShippedJarAnswersEveryRouteFromDynamoDb() throws Exception {
    Run run =
        probe(
            Map.of(
                "BILLING_TABLE", TABLE,
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "local",
                "AWS_SECRET_ACCESS_KEY", "local"),
            "/billing/subscription",
            "/billing/payments?limit=2",
            "/billing/plans",
            "/billing/payments?limit=0");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains(
            "BODY {\"tenant_id\":\"usr_shaded\",\"stripe_customer_id\":\"cus_shaded\",\"plan\":\"pro\"")
        .contains("\"access\":\"full\"")
        .contains("{\"id\":\"in_shaded_3\"")
        .contains("\"has_more\":true")
        .contains("\"key\":\"onboarding_workshop\"")
        .contains("STATUS 400")
        // a JSON line with the MDC fields, and SLF4J bound to logback alone (no "SLF4J(W)" warning)
        .containsPattern(
            "\\{\"timestamp\":\\d+,\"level\":\"INFO\",\"loggerName\":\"app\\.billing\\.[^\"]+\",\"mdc\": \\{(?=[^}]*\"route\":\"payments\")(?=[^}]*\"tenantId\":\"usr_shaded\")")
        .doesNotContain("SLF4J(")
        .doesNotContain("ERROR");
    assertThat(run.output().lines().filter(l -> l.startsWith("STATUS ")).toList())
        .containsExactly("STATUS 200", "STATUS 200", "STATUS 200", "STATUS 400");
  }

  @Test
  void theShippedJarFailsInitNamingEveryProblem() throws Exception {
    Run run =
        probe(Map.of("AWS_REGION", "us-east-1", "PAST_DUE_GRACE_DAYS", "soon"), "/billing/plans");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output())
        .contains("BILLING_TABLE is missing")
        .contains("PAST_DUE_GRACE_DAYS must be a whole number")
        .doesNotContain("STATUS");
  }

  @Test
  void theShippedJarHoldsNoStripeSdk() throws Exception {
    assumeTrue(Files.exists(JAR), "the shaded jar is built in the package phase");
    try (ZipFile jar = new ZipFile(JAR.toFile())) {
      assertThat(jar.stream().map(e -> e.getName()))
          .noneMatch(
              name -> name.startsWith("com/stripe/") || name.startsWith("com/github/mustachejava/"))
          .contains("app/billing/account/handler/AccountHandler.class");
    }
  }
}
