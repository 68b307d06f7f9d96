package app.billing.usage.handler;

import static app.billing.testkit.ApiGatewayHttp.asTenant;
import static app.billing.testkit.ApiGatewayHttp.error;
import static app.billing.testkit.ApiGatewayHttp.json;
import static app.billing.testkit.ApiGatewayHttp.withBody;
import static app.billing.testkit.StripeApi.form;
import static app.billing.testkit.StripeApi.posts;
import static app.billing.testkit.StripeApi.requests;
import static app.billing.testkit.StripeApi.stubPost;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.EventVersion;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.usage.UsageKeys;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.testkit.DynamoOnDynalite;
import app.billing.testkit.MutableClock;
import app.billing.testkit.StripeApi;
import app.billing.testkit.StripeStandIn;
import app.billing.usage.UsageConfig;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real handler, wiring, DynamoDB stores (dynalite) and stripe-java adapter against the WireMock
 * stand-in. Requests come from {@code events/usage/}, Stripe answers from {@code stripe-api/}.
 */
class UsageHandlerIT {
  static final String ACME = "usr_8f3a1c2e";
  static final String STARTER_TENANT = "usr_2b7d9e41";
  static final String ACME_CUSTOMER = "cus_QXg1o8vcGmoR32";
  static final String KEY = "2f0c6c1e-6a0b-4c59-9d1e-0d5c3b7a9e41";
  static final String METER_ID = "mtr_test_61Q8nQMqIFK9fRQmr41CMAXJrFdZ5MnA";
  static final String METER_EVENTS = "/v1/billing/meter_events";
  static final String METERS = "/v1/billing/meters";
  static final String SUMMARIES = METERS + "/" + METER_ID + "/event_summaries";
  static final Instant NOW = Instant.parse("2026-11-24T20:15:03Z");

  @RegisterExtension
  static final DynamoOnDynalite DYNAMO =
      new DynamoOnDynalite("billing-usage-", BillingTable::createIfMissing);

  @AutoClose static StripeStandIn stripe;

  String table;
  DynamoBillingStore billing;
  UsageHandler handler;

  @BeforeAll
  static void startStripe() {
    stripe = StripeStandIn.start();
  }

  @BeforeEach
  void freshState() {
    table = DYNAMO.freshTable();
    billing = new DynamoBillingStore(DYNAMO.client(), table);
    subscription(ACME, "pro");
    subscription(STARTER_TENANT, "starter");
    stripe.reset();
    stubPost(stripe, METER_EVENTS, 200, "billing.meter_event.json", "req_MeterEvent01");
    stripe
        .wireMock()
        .stubFor(
            get(urlPathEqualTo(METERS))
                .willReturn(StripeApi.json(200, "billing.meters.json", "req_Meters01")));
    stripe
        .wireMock()
        .stubFor(
            get(urlPathEqualTo(SUMMARIES))
                .willReturn(
                    StripeApi.json(200, "billing.meter_event_summaries.json", "req_Sum01")));
    UsageConfig config =
        UsageConfig.fromEnvironment(
            Map.of(
                "BILLING_TABLE",
                table,
                "STRIPE_SECRET_KEY",
                "sk_test_usageIT_51Hx00000000000000000wxyz",
                "STRIPE_API_BASE",
                stripe.baseUrl(),
                "STRIPE_READ_TIMEOUT_MS",
                "400"));
    handler =
        UsageWiring.build(
            config,
            new UsageWiring.Clients(DYNAMO.client(), config.stripe().client()),
            new MutableClock(NOW));
  }

  void subscription(String tenant, String plan) {
    billing.saveSubscription(
        new SubscriptionRecord(
            tenant,
            ACME_CUSTOMER,
            "sub_" + tenant,
            "active",
            plan,
            "price_x",
            "monthly",
            1,
            Instant.parse("2026-11-10T08:30:45Z"),
            Instant.parse("2026-12-10T08:30:45Z"),
            null,
            false,
            null,
            null,
            null,
            null,
            null,
            new EventVersion(1_795_000_000L, "evt_" + tenant)),
        false);
  }

  static APIGatewayV2HTTPEvent request(String name) {
    return EventLoader.loadApiGatewayHttpEvent("events/usage/" + name);
  }

  APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
    return handler.handleRequest(event, null);
  }

  @Test
  void aReportBecomesAMeterEventForTheSubscriptionsCustomer() {
    APIGatewayV2HTTPResponse response = send(request("post-usage.json"));

    assertThat(response.getStatusCode()).isEqualTo(202);
    JsonObject body = json(response);
    assertThat(body.get("meter").getAsString()).isEqualTo("emails_sent");
    assertThat(body.get("value").getAsLong()).isEqualTo(3);
    assertThat(body.get("identifier").getAsString()).isEqualTo(UsageKeys.identifier(ACME, KEY));
    LoggedRequest sent = posts(stripe, METER_EVENTS).getFirst();
    assertThat(form(sent))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "event_name",
                "emails_sent",
                "identifier",
                UsageKeys.identifier(ACME, KEY),
                "payload[stripe_customer_id]",
                ACME_CUSTOMER,
                "payload[value]",
                "3"));
    assertThat(sent.getHeader("Idempotency-Key")).isEqualTo(UsageKeys.request(ACME, KEY));
  }

  @Test
  void aRetrySendsTheSameIdentifierAndIdempotencyKey() {
    send(request("post-usage.json"));
    send(request("post-usage.json"));

    List<LoggedRequest> sent = posts(stripe, METER_EVENTS);
    assertThat(sent).hasSize(2);
    assertThat(sent)
        .extracting(r -> form(r).get("identifier"))
        .containsOnly(UsageKeys.identifier(ACME, KEY));
    assertThat(sent)
        .extracting(r -> r.getHeader("Idempotency-Key"))
        .containsOnly(UsageKeys.request(ACME, KEY));
  }

  @Test
  void theTotalIsStripesSummaryOverTheCurrentPeriodAndTheMeterIdIsLookedUpOnce() {
    JsonObject first = json(send(request("get-usage.json")));
    send(request("get-usage.json"));

    assertThat(first.get("total").getAsLong()).isEqualTo(5);
    assertThat(first.get("plan").getAsString()).isEqualTo("pro");
    assertThat(first.get("current_period_start").getAsString()).isEqualTo("2026-11-10T08:30:45Z");
    assertThat(first.get("current_period_end").getAsString()).isEqualTo("2026-12-10T08:30:45Z");
    LoggedRequest summary =
        stripe.wireMock().findAll(getRequestedFor(urlPathEqualTo(SUMMARIES))).getFirst();
    assertThat(summary.queryParameter("customer").firstValue()).isEqualTo(ACME_CUSTOMER);
    assertThat(summary.queryParameter("start_time").firstValue())
        .isEqualTo(Long.toString(Instant.parse("2026-11-10T08:30:00Z").getEpochSecond()));
    assertThat(summary.queryParameter("end_time").firstValue())
        .isEqualTo(Long.toString(Instant.parse("2026-11-24T20:16:00Z").getEpochSecond()));
    assertThat(stripe.requestCount("GET", METERS)).isEqualTo(1);
  }

  @Test
  void aStripeFailureIs502WithStripesRequestId() {
    stubPost(stripe, METER_EVENTS, 500, "error-api.json", "req_MeterFail01");

    JsonObject e = error(send(request("post-usage.json")), 502, "stripe_error");

    assertThat(e.get("stripe_request_id").getAsString()).isEqualTo("req_MeterFail01");
    assertThat(e.get("message").getAsString()).contains("req_MeterFail01");
  }

  @Test
  void aKeyReusedWithAnotherValueIs409() {
    stubPost(stripe, METER_EVENTS, 400, "error-idempotency.json", "req_Idem01");

    error(send(request("post-usage.json")), 409, "idempotency_key_reused");
  }

  @Test
  void aPlanWithoutTheMeterIs409AndStripeIsNotCalled() {
    JsonObject e =
        error(send(asTenant(request("post-usage.json"), STARTER_TENANT)), 409, "no_metered_plan");

    assertThat(e.get("plan").getAsString()).isEqualTo("starter");
    assertThat(requests(stripe)).isEmpty();
  }

  @Test
  void badInputIs400AndAMissingTenant401() {
    error(send(request("post-usage-unknown-meter.json")), 400, "unknown_meter");
    error(send(request("post-usage-bad-value.json")), 400, "invalid_field");
    error(
        send(withBody(request("post-usage.json"), "{\"meter\":\"emails_sent\"")),
        400,
        "invalid_json");
    error(send(request("post-usage-no-authorizer-context.json")), 401, "unauthorized");
    assertThat(requests(stripe)).isEmpty();
  }
}
