package app.billing.account.handler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import app.billing.catalog.RemoteCatalog;
import app.billing.core.config.ConfigException;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The account function's production init with its catalog in SSM (the real SsmClient against a
 * WireMock stand-in of the SSM API): an invalid catalog fails init with one error naming every
 * problem of the catalog and every other missing variable.
 */
class CatalogFromSsmIT {
  static WireMockServer ssm;

  @BeforeAll
  static void start() {
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
    ssm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    ssm.start();
  }

  @AfterAll
  static void stop() {
    ssm.stop();
  }

  static void stubCatalog(String json) {
    JsonObject parameter = new JsonObject();
    parameter.addProperty("Name", "/billing/plan-catalog");
    parameter.addProperty("Type", "String");
    parameter.addProperty("Value", json);
    JsonObject body = new JsonObject();
    body.add("Parameter", parameter);
    ssm.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body.toString())));
  }

  @Test
  void anInvalidCatalogInSsmFailsInitNamingEveryProblem() {
    stubCatalog(
        """
        {"entries": [
          {"key": "pro", "mode": "subscription",
           "prices": {"monthly": {"price_id": "price_pro", "amount": 4900, "currency": "USD"}}},
          {"key": "pro", "name": "Pro again", "mode": "subscription",
           "prices": {"monthly": {"price_id": "price_pro", "amount": 4900, "currency": "usd"}}}]}
        """);
    Map<String, String> env =
        Map.of(
            "PLAN_CATALOG_SOURCE",
            "ssm:/billing/plan-catalog",
            "AWS_REGION",
            "us-east-1",
            RemoteCatalog.SSM_ENDPOINT_VARIABLE,
            ssm.baseUrl());

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> AccountWiring.fromEnvironment(env, Clock.systemUTC()));

    String where = "PLAN_CATALOG_SOURCE ssm:/billing/plan-catalog: ";
    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "BILLING_TABLE is missing",
            where + "entry 'pro': name is missing",
            where + "entry 'pro': monthly currency must be a lower-case ISO code",
            where + "entry 'pro': key is used twice",
            where + "entry 'pro': price price_pro is used twice");
    assertThat(e).hasMessageStartingWith("Invalid configuration: ");
    ssm.verify(1, postRequestedFor(urlEqualTo("/")));
  }
}
