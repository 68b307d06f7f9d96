package app.billing.catalog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.catalog.CatalogLoader;
import app.billing.core.config.ConfigException;
import app.billing.core.config.ConfigReader;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RemoteCatalog}'s SigV4-signed requests (SSM's JSON 1.1 GetParameter, S3's REST GetObject)
 * against WireMock stand-ins for the two APIs, as it builds them from the environment; then the
 * function's configuration step ({@link CatalogLoader#load}) on what was read.
 */
class RemoteCatalogIT {
  static final String PARAMETER = "/billing/prod/plan-catalog";
  static final String CATALOG =
      """
      {"entries": [{"key": "team", "name": "Team", "mode": "subscription",
        "prices": {"monthly": {"price_id": "price_team_m", "amount": 2500, "currency": "eur"}}}]}
      """;
  static final String BAD_CATALOG =
      """
      {"entries": [{"key": "Team!", "mode": "subscription",
        "prices": {"monthly": {"price_id": "team_m", "amount": -1, "currency": "EUR"}}}]}
      """;

  static WireMockServer aws;

  @BeforeAll
  static void start() {
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
    aws = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    aws.start();
  }

  @AfterAll
  static void stop() {
    aws.stop();
  }

  @BeforeEach
  void reset() {
    aws.resetAll();
  }

  static Map<String, String> env(String source) {
    Map<String, String> env = new HashMap<>();
    env.put("PLAN_CATALOG_SOURCE", source);
    env.put("AWS_REGION", "eu-west-1");
    env.put(RemoteCatalog.SSM_ENDPOINT_VARIABLE, aws.baseUrl());
    env.put(RemoteCatalog.S3_ENDPOINT_VARIABLE, aws.baseUrl());
    return env;
  }

  static void stubParameter(String name, String value) {
    JsonObject parameter = new JsonObject();
    parameter.addProperty("Name", name);
    parameter.addProperty("Type", "SecureString");
    parameter.addProperty("Value", value);
    parameter.addProperty("Version", 3);
    parameter.addProperty("ARN", "arn:aws:ssm:eu-west-1:123456789012:parameter" + name);
    JsonObject body = new JsonObject();
    body.add("Parameter", parameter);
    aws.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
            .withRequestBody(equalToJson("{\"Name\":\"" + name + "\",\"WithDecryption\":true}"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body.toString())));
  }

  /** resolve, then the configuration's load and validate, as a function's init runs them. */
  static Catalog init(Map<String, String> env) {
    ConfigReader reader = new ConfigReader(RemoteCatalog.resolve(env));
    Catalog catalog = CatalogLoader.load(reader);
    reader.validate();
    return catalog;
  }

  @Test
  void readsAnSsmParameterWithDecryption() {
    stubParameter(PARAMETER, CATALOG);

    Catalog catalog = init(env("ssm:" + PARAMETER));

    assertThat(catalog.entries()).extracting(CatalogEntry::key).containsExactly("team");
    aws.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
            .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
            .withHeader(
                "Authorization",
                matching(
                    "AWS4-HMAC-SHA256 Credential=local/\\d{8}/eu-west-1/ssm/aws4_request, .*")));
  }

  @Test
  void readsAnS3ObjectPathStyleFromTheLocalEndpoint() {
    aws.stubFor(
        get(urlEqualTo("/acme-config/billing/catalog.json"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("ETag", "\"0123456789abcdef0123456789abcdef\"")
                    .withBody(CATALOG)));

    Catalog catalog = init(env("s3://acme-config/billing/catalog.json"));

    assertThat(catalog.byPriceId("price_team_m")).isPresent();
    aws.verify(
        1,
        getRequestedFor(urlEqualTo("/acme-config/billing/catalog.json"))
            .withHeader(
                "Authorization",
                matching("AWS4-HMAC-SHA256 Credential=local/\\d{8}/eu-west-1/s3/aws4_request, .*"))
            .withHeader("x-amz-content-sha256", matching("[0-9a-f]{64}|UNSIGNED-PAYLOAD")));
  }

  @Test
  void aBadCatalogInSsmFailsInitNamingEveryProblemAndTheSource() {
    stubParameter(PARAMETER, BAD_CATALOG);

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> init(env("ssm:" + PARAMETER)));

    String where = "PLAN_CATALOG_SOURCE ssm:" + PARAMETER + ": entry 'Team!': ";
    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            where + "key must be lower-case letters, digits, '_' or '-'",
            where + "name is missing",
            where + "monthly price_id must start with price_",
            where + "monthly amount must not be negative",
            where + "monthly currency must be a lower-case ISO code");
  }

  @Test
  void aMissingParameterFailsInitWithTheServiceError() {
    aws.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody("{\"__type\":\"ParameterNotFound\",\"message\":\"\"}")));

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> init(env("ssm:/nope")));

    assertThat(e.problems())
        .containsExactly(
            "PLAN_CATALOG_SOURCE: ssm:/nope could not be read (ParameterNotFound, HTTP 400)");
  }

  @Test
  void aMissingObjectFailsInitWithTheServiceError() {
    aws.stubFor(
        get(urlEqualTo("/acme-config/catalog.json"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/xml")
                    .withBody(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                            + "<Message>The specified key does not exist.</Message>"
                            + "<Key>catalog.json</Key></Error>")));

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> init(env("s3://acme-config/catalog.json")));

    assertThat(e.problems())
        .containsExactly(
            "PLAN_CATALOG_SOURCE: s3://acme-config/catalog.json could not be read"
                + " (NoSuchKey, HTTP 404)");
  }

  @Test
  void theBundledCatalogNeedsNoCallAndNoRegion() {
    Map<String, String> env = Map.of("PLAN_CATALOG_SOURCE", "bundled");

    assertThat(RemoteCatalog.resolve(env)).isSameAs(env);
    assertThat(init(env).entries()).hasSize(3);
    assertThat(aws.getAllServeEvents()).isEmpty();
  }
}
