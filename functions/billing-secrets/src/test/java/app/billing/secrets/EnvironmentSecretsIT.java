package app.billing.secrets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.config.ConfigException;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real SecretsManagerClient (url-connection, JSON 1.1 protocol) against a WireMock stand-in for
 * the Secrets Manager API, as EnvironmentSecrets builds it from the environment.
 */
class EnvironmentSecretsIT {
  static final String KEY_ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:billing/stripe-key-AbCdEf";
  static final String HOOK_ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:billing/webhook-XyZ123";
  static final String MISSING_ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:billing/missing-000000";

  static WireMockServer secretsManager;

  @BeforeAll
  static void start() {
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
    secretsManager = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    secretsManager.start();
  }

  @AfterAll
  static void stop() {
    secretsManager.stop();
  }

  @BeforeEach
  void stubs() {
    secretsManager.resetAll();
    stubSecret(KEY_ARN, "sk_test_from_secrets_manager");
    stubSecret(HOOK_ARN, "whsec_new,whsec_old");
    secretsManager.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
            .withRequestBody(equalToJson("{\"SecretId\":\"" + MISSING_ARN + "\"}"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Secrets Manager can't find the specified secret.\"}")));
  }

  static void stubSecret(String arn, String value) {
    secretsManager.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
            .withRequestBody(equalToJson("{\"SecretId\":\"" + arn + "\"}"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        "{\"ARN\":\""
                            + arn
                            + "\",\"Name\":\"billing/x\",\"SecretString\":\""
                            + value
                            + "\",\"VersionId\":\"3f1b2c4d-0000-4000-8000-000000000001\",\"VersionStages\":[\"AWSCURRENT\"],"
                            + "\"CreatedDate\":1.7882715E9}")));
  }

  static Map<String, String> aws(Map<String, String> vars) {
    var env = new java.util.HashMap<>(vars);
    env.put("AWS_REGION", "us-east-1");
    env.put(EnvironmentSecrets.ENDPOINT_VARIABLE, secretsManager.baseUrl());
    return env;
  }

  @Test
  void resolvesEachArnVariableIntoItsPlainVariable() {
    Map<String, String> resolved =
        EnvironmentSecrets.resolve(
            aws(
                Map.of(
                    "STRIPE_SECRET_KEY_ARN", KEY_ARN,
                    "STRIPE_WEBHOOK_SECRETS_ARN", HOOK_ARN,
                    "BILLING_TABLE", "billing")));

    assertThat(resolved)
        .containsEntry("STRIPE_SECRET_KEY", "sk_test_from_secrets_manager")
        .containsEntry("STRIPE_WEBHOOK_SECRETS", "whsec_new,whsec_old")
        .containsEntry("BILLING_TABLE", "billing");
    secretsManager.verify(
        2,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue")));
  }

  @Test
  void makesNoCallWithoutArnVariables() {
    Map<String, String> env =
        aws(Map.of("STRIPE_SECRET_KEY", "sk_test_local", "STRIPE_SECRET_KEY_ARN", ""));

    assertThat(EnvironmentSecrets.resolve(env)).isSameAs(env);
    assertThat(secretsManager.getAllServeEvents()).isEmpty();
  }

  @Test
  void failsInitWithTheVariableNameWhenTheSecretIsMissing() {
    assertThatThrownBy(
            () -> EnvironmentSecrets.resolve(aws(Map.of("STRIPE_SECRET_KEY_ARN", MISSING_ARN))))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "STRIPE_SECRET_KEY_ARN: secret "
                            + MISSING_ARN
                            + " could not be read (ResourceNotFoundException, HTTP 400)"));
  }

  @Test
  void failsInitNamingTheServiceErrorWhenReadingIsRefused() {
    secretsManager.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
            .withRequestBody(equalToJson("{\"SecretId\":\"" + HOOK_ARN + "\"}"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        "{\"__type\":\"AccessDeniedException\",\"Message\":\"User: arn:aws:sts::123456789012:"
                            + "assumed-role/webhook/fn is not authorized to perform: secretsmanager:GetSecretValue\"}")));

    assertThatThrownBy(
            () -> EnvironmentSecrets.resolve(aws(Map.of("STRIPE_WEBHOOK_SECRETS_ARN", HOOK_ARN))))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e)
                    .hasMessage(
                        "Invalid configuration: STRIPE_WEBHOOK_SECRETS_ARN: secret "
                            + HOOK_ARN
                            + " could not be read (AccessDeniedException, HTTP 400)"));
  }

  @Test
  void failsInitNamingEveryReferenceWhenNoClientCanBeBuilt() {
    Map<String, String> env =
        aws(Map.of("STRIPE_SECRET_KEY_ARN", KEY_ARN, "STRIPE_WEBHOOK_SECRETS_ARN", HOOK_ARN));
    env.put(EnvironmentSecrets.ENDPOINT_VARIABLE, "http://bad host:1");

    assertThatThrownBy(() -> EnvironmentSecrets.resolve(env))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .satisfiesExactly(
                        p ->
                            assertThat(p)
                                .startsWith(
                                    "STRIPE_SECRET_KEY_ARN: no Secrets Manager client to read "
                                        + KEY_ARN
                                        + " (IllegalArgumentException: "),
                        p ->
                            assertThat(p)
                                .startsWith(
                                    "STRIPE_WEBHOOK_SECRETS_ARN: no Secrets Manager client to read "
                                        + HOOK_ARN)));
    assertThat(secretsManager.getAllServeEvents()).isEmpty();
  }
}
