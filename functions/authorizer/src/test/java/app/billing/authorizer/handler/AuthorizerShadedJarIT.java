package app.billing.authorizer.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.billing.core.tenant.ApiKeys;
import app.billing.core.tenant.TenantAdmin;
import app.billing.core.tenant.TenantAdmin.CreatedTenant;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.testkit.Dynalite;
import app.billing.testkit.LocalAws;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The packaged {@code authorizer-function.jar}: the no-arg constructor reads the environment
 * (BILLING_TABLE, region, credentials and AWS_ENDPOINT_URL_DYNAMODB through the SDK's own chain),
 * looks the key up in dynalite and logs JSON, never the key.
 */
class AuthorizerShadedJarIT {
  private static final Path JAR = Path.of("target", "authorizer-function.jar");
  private static final String TABLE = "authorizer-shaded";

  @AutoClose private static Dynalite dynalite;
  @AutoClose private static DynamoDbClient dynamo;
  private static CreatedTenant acme;

  @BeforeAll
  static void start() {
    dynalite = Dynalite.start();
    dynamo = LocalAws.configure(DynamoDbClient.builder(), dynalite.endpoint()).build();
    BillingTable.createIfMissing(dynamo, TABLE);
    acme =
        new TenantAdmin(new DynamoTenantStore(dynamo, TABLE), new ApiKeys(), Clock.systemUTC())
            .createTenant("t_acme", "Acme", "billing@acme.test");
  }

  private record Run(int exitCode, String output) {}

  private static Run probe(Map<String, String> env, String authorization) throws Exception {
    assumeTrue(Files.exists(JAR), "the shaded jar is built in the package phase");
    String classpath =
        JAR.toAbsolutePath()
            + File.pathSeparator
            + Path.of("target", "test-classes").toAbsolutePath();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                AuthorizerShadedJarProbe.class.getName(),
                authorization)
            .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
    return new Run(process.exitValue(), output);
  }

  private static Map<String, String> env() {
    return Map.of(
        "BILLING_TABLE", TABLE,
        "AWS_REGION", "us-east-1",
        "AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString(),
        "AWS_ACCESS_KEY_ID", "local",
        "AWS_SECRET_ACCESS_KEY", "local");
  }

  @Test
  void theShippedJarAuthorizesAnIssuedKeyWithoutLoggingIt() throws Exception {
    Run run = probe(env(), "Bearer " + acme.key().apiKey());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("RESPONSE {isAuthorized=true, context={tenantId=t_acme}}")
        .containsPattern(
            "\\{\"timestamp\":\\d+,\"level\":\"INFO\",\"loggerName\":\"app\\.billing\\.[^\"]+\",\"mdc\": \\{[^}]*\"outcome\":\"authorized\"")
        .doesNotContain("SLF4J(")
        .doesNotContain(acme.key().apiKey())
        .doesNotContain(acme.key().keyId())
        .doesNotContain("ERROR");
  }

  @Test
  void theShippedJarRefusesAnUnknownKey() throws Exception {
    String unknown = new ApiKeys().issue("t_acme", java.time.Instant.now()).apiKey();

    Run run = probe(env(), "Bearer " + unknown);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("RESPONSE {isAuthorized=false}").doesNotContain(unknown);
  }

  @Test
  void theShippedJarFailsInitNamingTheMissingTable() throws Exception {
    Run run = probe(Map.of("AWS_REGION", "us-east-1"), "Bearer x");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains("BILLING_TABLE is missing").doesNotContain("RESPONSE");
  }
}
