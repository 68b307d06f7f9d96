package app.billing.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import app.billing.core.config.ConfigException;
import app.billing.core.config.SecretReferences;
import app.billing.deploy.Deployables.Deployable;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

/**
 * Each function started the way Lambda starts it, and what Lambda would report when its init fails:
 * AWS's runtime interface client ({@code aws-lambda-java-runtime-interface-client}, {@link
 * AWSLambda}'s {@code main}) in its own JVM, the function's shaded jar in the task root's {@code
 * lib/}, talking to a loopback Runtime API (WireMock). The body the client posts to {@code
 * /runtime/init/error} is what the Lambda console, {@code aws lambda invoke} and a SnapStart deploy
 * show: its {@code errorMessage} must name every problem. A complete environment is the control:
 * the same set-up then asks for the next invocation and posts no init error.
 */
class LambdaInitErrorIT {
  static final String INIT_ERROR = "/2018-06-01/runtime/init/error";
  static final String NEXT = "/2018-06-01/runtime/invocation/next";

  static WireMockServer runtimeApi;

  @TempDir Path taskRoot;

  @BeforeAll
  static void start() {
    runtimeApi = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    runtimeApi.start();
  }

  @AfterAll
  static void stop() {
    runtimeApi.stop();
  }

  @BeforeEach
  void reset() {
    runtimeApi.resetAll();
    runtimeApi.stubFor(
        post(urlEqualTo(INIT_ERROR)).willReturn(aResponse().withStatus(202).withBody("{}")));
    // No invocation to give: the client's loop then ends the process, which is all the control
    // needs.
    runtimeApi.stubFor(get(urlEqualTo(NEXT)).willReturn(aResponse().withStatus(500)));
  }

  static Stream<String> functions() {
    return Template.get().functions().stream();
  }

  static Stream<String> functionsWithSecrets() {
    return functions().filter(f -> !SecretReferences.references(deployedEnvironment(f)).isEmpty());
  }

  @ParameterizedTest
  @MethodSource("functions")
  void aCompleteEnvironmentInitsAndAsksForTheFirstInvocation(String function) throws Exception {
    serveSecrets(true);

    String output =
        runUnderTheRuntimeClient(function, withLambdaVariables(deployedEnvironment(function)));

    assertThat(runtimeApi.findAll(postRequestedFor(urlEqualTo(INIT_ERROR)))).as(output).isEmpty();
    assertThat(runtimeApi.findAll(getRequestedFor(urlEqualTo(NEXT)))).as(output).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("functions")
  void missingVariablesAreNamedInTheInitErrorLambdaReports(String function) throws Exception {
    // Only what Lambda itself sets: every variable of the function is missing.
    Map<String, String> env = withLambdaVariables(Map.of());
    Throwable expected = catchThrowable(() -> deployable(function).init().apply(env));
    assertThat(expected).as("init with an empty environment").isInstanceOf(ConfigException.class);

    String output = runUnderTheRuntimeClient(function, env);

    JsonObject error = initError(output);
    assertThat(error.get("errorType").getAsString()).isEqualTo(ConfigException.class.getName());
    assertThat(error.get("errorMessage").getAsString())
        .isEqualTo(expected.getMessage())
        .startsWith("Invalid configuration: ")
        .contains(" is missing")
        .doesNotContain("ExceptionInInitializerError");
    assertThat(runtimeApi.findAll(getRequestedFor(urlEqualTo(NEXT)))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("functionsWithSecrets")
  void aSecretThatCannotBeReadIsNamedWithItsCauseBesideEveryOtherProblem(String function)
      throws Exception {
    serveSecrets(false);
    Map<String, String> env = withLambdaVariables(deployedEnvironment(function));
    String missing = env.containsKey("BILLING_TABLE") ? "BILLING_TABLE" : "EVENT_QUEUE_URL";
    env.remove(missing);

    String output = runUnderTheRuntimeClient(function, env);

    JsonObject error = initError(output);
    assertThat(error.get("errorType").getAsString()).isEqualTo(ConfigException.class.getName());
    String message = error.get("errorMessage").getAsString();
    assertThat(message).startsWith("Invalid configuration: ").contains(missing + " is missing");
    SecretReferences.references(env)
        .forEach(
            (name, arn) ->
                assertThat(message)
                    .contains(
                        name
                            + "_ARN: secret "
                            + arn
                            + " could not be read (AccessDeniedException, HTTP 400)")
                    .doesNotContain(name + " is missing"));
  }

  /** The single init error the client posted, with the header Lambda reads its category from. */
  private static JsonObject initError(String output) {
    List<LoggedRequest> posted = runtimeApi.findAll(postRequestedFor(urlEqualTo(INIT_ERROR)));
    assertThat(posted).as(output).hasSize(1);
    assertThat(posted.getFirst().getHeader("Lambda-Runtime-Function-Error-Type"))
        .isEqualTo("Runtime.BadFunctionCode");
    return JsonParser.parseString(posted.getFirst().getBodyAsString()).getAsJsonObject();
  }

  /**
   * Runs {@code java -cp <runtime client> AWSLambda <handler>} in a task root holding the
   * function's shaded jar in {@code lib/}, as the managed Java runtime does; returns its output.
   */
  private String runUnderTheRuntimeClient(String function, Map<String, String> env)
      throws Exception {
    Path jar =
        Template.ROOT
            .resolve("functions")
            .resolve(deployable(function).folder())
            .resolve("target")
            .resolve(deployable(function).folder() + "-function.jar");
    assertThat(jar).as("the shaded jar (package phase; run with -am)").isRegularFile();
    Files.createDirectories(taskRoot.resolve("lib"));
    Files.copy(jar, taskRoot.resolve("lib").resolve(jar.getFileName()));

    String handler = (String) Template.get().properties(function).get("Handler");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                runtimeClasspath(),
                AWSLambda.class.getName(),
                handler)
            .directory(taskRoot.toFile())
            .redirectErrorStream(true);
    builder.environment().clear(); // nothing from the developer's or CI's AWS set-up leaks in
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(function + " did not finish under the runtime client:\n" + output);
    }
    return output;
  }

  /**
   * What the managed runtime's system class loader holds: the client and the libraries it needs.
   */
  private static String runtimeClasspath() throws URISyntaxException {
    List<Class<?>> fromEachJar =
        List.of(AWSLambda.class, Context.class, PojoSerializer.class, SdkInternalThreadLocal.class);
    StringBuilder classpath = new StringBuilder();
    for (Class<?> type : fromEachJar) {
      if (!classpath.isEmpty()) {
        classpath.append(File.pathSeparator);
      }
      classpath.append(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }
    return classpath.toString();
  }

  private static Deployable deployable(String function) {
    return Deployables.byLogicalId(function).orElseThrow();
  }

  /** The variables Lambda sets for every function, plus the loopback endpoints of this test. */
  private static Map<String, String> withLambdaVariables(Map<String, String> functionEnv) {
    Map<String, String> env = new HashMap<>(functionEnv);
    env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApi.port());
    env.put("AWS_REGION", World.REGION);
    env.put("AWS_DEFAULT_REGION", World.REGION);
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    env.put("AWS_LAMBDA_FUNCTION_NAME", "init-error-test");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
    env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", runtimeApi.baseUrl());
    env.put("AWS_ENDPOINT_URL_SSM", runtimeApi.baseUrl());
    return env;
  }

  /**
   * The function's variables as deployed: template values, parameters from {@link
   * World#PARAMETERS}.
   */
  private static Map<String, String> deployedEnvironment(String function) {
    Map<String, String> env = new LinkedHashMap<>();
    Template.get()
        .environment(function)
        .forEach(
            (name, value) -> {
              String resolved = resolve(value);
              if (!resolved.isEmpty()) {
                env.put(name, resolved);
              }
            });
    return env;
  }

  private static String resolve(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    String target =
        Template.ref(value).orElseThrow(() -> new AssertionError("cannot resolve " + value));
    return switch (target) {
      case "BillingTable" -> World.STACK + "-BillingTable-1X2Y3Z";
      case "EventQueue" ->
          "https://sqs."
              + World.REGION
              + ".amazonaws.com/"
              + World.ACCOUNT
              + "/"
              + World.STACK
              + "-events.fifo";
      case "BillingEventBus" -> World.EVENT_BUS;
      default -> {
        if (World.PARAMETERS.containsKey(target)) {
          yield World.PARAMETERS.get(target);
        }
        Object parameter = Template.get().parameters().get(target);
        if (parameter instanceof Map<?, ?> p && p.containsKey("Default")) {
          yield String.valueOf(p.get("Default"));
        }
        throw new AssertionError("cannot resolve !Ref " + target);
      }
    };
  }

  /** Secrets Manager on the same loopback server: every secret readable, or every read refused. */
  private static void serveSecrets(boolean readable) {
    // The catalog PlanCatalogSource names (World.PARAMETERS): the bundled one, always readable.
    JsonObject parameter = new JsonObject();
    parameter.addProperty("Name", World.catalogParameter());
    parameter.addProperty("Type", "String");
    parameter.addProperty("Value", World.bundledCatalog());
    JsonObject catalog = new JsonObject();
    catalog.add("Parameter", parameter);
    runtimeApi.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(catalog.toString())));
    Map<String, String> values =
        Map.of(
            World.PARAMETERS.get("StripeSecretKeyArn"), "sk_test_init_error_it",
            World.PARAMETERS.get("StripeWebhookSecretsArn"), "whsec_init_error_it_0123456789",
            World.PARAMETERS.get("CheckoutTokenKeyArn"), "init-error-it-checkout-token-key-0123");
    values.forEach(
        (arn, value) -> {
          JsonObject body = new JsonObject();
          if (readable) {
            body.addProperty("ARN", arn);
            body.addProperty("SecretString", value);
          } else {
            body.addProperty("__type", "AccessDeniedException");
            body.addProperty(
                "Message",
                "User: arn:aws:sts::"
                    + World.ACCOUNT
                    + ":assumed-role/fn/fn is not authorized to perform: secretsmanager:GetSecretValue");
          }
          runtimeApi.stubFor(
              post(urlEqualTo("/"))
                  .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                  .withRequestBody(equalToJson("{\"SecretId\":\"" + arn + "\"}"))
                  .willReturn(
                      aResponse()
                          .withStatus(readable ? 200 : 400)
                          .withHeader("Content-Type", "application/x-amz-json-1.1")
                          .withBody(body.toString())));
        });
  }
}
