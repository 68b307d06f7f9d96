package app.billing.checkout.handler;

import static app.billing.testkit.ApiGatewayHttp.asTenant;
import static app.billing.testkit.ApiGatewayHttp.error;
import static app.billing.testkit.ApiGatewayHttp.json;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.checkout.CheckoutConfig;
import app.billing.core.model.EventVersion;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.recovery.RefetchVersion;
import app.billing.core.tenant.TenantProfile;
import app.billing.core.testdata.SubscriptionRecords;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.testkit.DynamoOnDynalite;
import app.billing.testkit.MutableClock;
import app.billing.testkit.StripeApi;
import app.billing.testkit.StripeStandIn;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /billing/sync} through the real handler, wiring, DynamoDB stores (dynalite) and
 * Stripe adapter (stripe-java against the WireMock stand-in).
 */
class SyncHandlerIT {
  static final String ACME = "usr_8f3a1c2e";
  static final String GLOBEX = "usr_2b7d9e41";
  static final String GLOBEX_CUSTOMER = "cus_RzT4bq9WkLmN07";
  static final String SUBSCRIPTION = "sub_1hNEdcSb7kQ2wLn5P4c3ZkD7";
  static final Instant NOW = Instant.parse("2026-11-24T20:15:03.250Z");

  @RegisterExtension
  static final DynamoOnDynalite DYNAMO =
      new DynamoOnDynalite("billing-sync-", BillingTable::createIfMissing);

  @AutoClose static StripeStandIn stripe;

  String table;
  DynamoTenantStore tenants;
  DynamoBillingStore billing;
  MutableClock clock;
  CheckoutHandler handler;

  @BeforeAll
  static void startStripe() {
    stripe = StripeStandIn.start();
  }

  @BeforeEach
  void freshState() {
    table = DYNAMO.freshTable();
    tenants = new DynamoTenantStore(DYNAMO.client(), table);
    billing = new DynamoBillingStore(DYNAMO.client(), table);
    tenants.createTenant(
        new TenantProfile(
            ACME,
            "Acme Corp",
            "billing@acme.example",
            null,
            Instant.parse("2026-11-01T09:00:00Z")));
    tenants.createTenant(
        new TenantProfile(
            GLOBEX,
            "Globex Ltd",
            "finance@globex.example",
            GLOBEX_CUSTOMER,
            Instant.parse("2026-10-01T09:00:00Z")));
    stripe.reset();
    stripe
        .wireMock()
        .stubFor(
            get(urlPathEqualTo("/v1/subscriptions"))
                .withQueryParam("customer", equalTo(GLOBEX_CUSTOMER))
                .withQueryParam("status", equalTo("all"))
                .willReturn(StripeApi.json(200, "subscriptions-globex.json", "req_SubsGlobex01")));
    clock = new MutableClock(NOW);
    handler = handler(Map.of("CHECKOUT_RATE_LIMIT", "3"));
  }

  CheckoutHandler handler(Map<String, String> overrides) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "BILLING_TABLE", table,
                "STRIPE_SECRET_KEY", "sk_test_syncIT_51Hx0000000000000000wxyz",
                "CHECKOUT_TOKEN_KEY", "sync-handler-it-token-key-0123456789ab",
                "STRIPE_API_BASE", stripe.baseUrl(),
                "CHECKOUT_SUCCESS_URL", "https://app.example.com/billing/success",
                "CHECKOUT_CANCEL_URL", "https://app.example.com/billing/cancel"));
    env.putAll(overrides);
    CheckoutConfig config = CheckoutConfig.fromEnvironment(env);
    return CheckoutWiring.build(
        config, new CheckoutWiring.Clients(DYNAMO.client(), config.stripe().client()), clock);
  }

  static APIGatewayV2HTTPEvent sync(String tenant) {
    return asTenant(EventLoader.loadApiGatewayHttpEvent("events/checkout/post-sync.json"), tenant);
  }

  @Test
  void syncRefetchesTheSubscriptionWritesItVersionedAndAnswersTheSubscriptionView() {
    APIGatewayV2HTTPResponse response = handler.handleRequest(sync(GLOBEX), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    JsonObject body = json(response);
    assertThat(body.get("tenant_id").getAsString()).isEqualTo(GLOBEX);
    assertThat(body.get("status").getAsString()).isEqualTo("active");
    assertThat(body.get("plan").getAsString()).isEqualTo("pro");
    assertThat(body.get("access").getAsString()).isEqualTo("full");
    SubscriptionRecord stored = billing.subscription(GLOBEX).orElseThrow();
    assertThat(stored.subscriptionId()).isEqualTo(SUBSCRIPTION);
    assertThat(stored.version()).isEqualTo(RefetchVersion.of(NOW));
    stripe
        .wireMock()
        .verify(
            1,
            getRequestedFor(urlPathEqualTo("/v1/subscriptions"))
                .withQueryParam("limit", equalTo("100")));
  }

  @Test
  void aNewerEventStoredBeforeTheSyncIsKept() {
    billing.saveSubscription(
        SubscriptionRecords.pastDue()
            .tenant(GLOBEX)
            .customer(GLOBEX_CUSTOMER)
            .subscription(SUBSCRIPTION)
            .plan("pro")
            .price("price_14K14PSb7kQ2wLn5JNF92G3q")
            .pastDueSince(NOW)
            .version(new EventVersion(NOW.getEpochSecond() + 2, "evt_after_the_fetch"))
            .build(),
        false);

    JsonObject body = json(handler.handleRequest(sync(GLOBEX), null));

    assertThat(body.get("status").getAsString()).isEqualTo("past_due");
    assertThat(billing.subscription(GLOBEX).orElseThrow().version().eventId())
        .isEqualTo("evt_after_the_fetch");
  }

  @Test
  void aTenantWithoutCustomerGets409NoCustomerAndStripeIsNotCalled() {
    APIGatewayV2HTTPResponse response = handler.handleRequest(sync(ACME), null);

    JsonObject error = error(response, 409, "no_customer");
    assertThat(error.get("message").getAsString()).contains("POST /billing/checkout");
    assertThat(StripeApi.requests(stripe)).isEmpty();
  }

  @Test
  void syncIsRateLimitedPerTenantInItsOwnBucket() {
    for (int i = 0; i < 3; i++) {
      assertThat(handler.handleRequest(sync(GLOBEX), null).getStatusCode()).isEqualTo(200);
    }
    APIGatewayV2HTTPResponse limited = handler.handleRequest(sync(GLOBEX), null);

    error(limited, 429, "rate_limited");
    assertThat(limited.getHeaders()).containsKey("retry-after");
    assertThat(StripeApi.requests(stripe)).hasSize(3);
    assertThat(handler.handleRequest(sync(ACME), null).getStatusCode())
        .as("another tenant")
        .isEqualTo(409);
  }

  @Test
  void withoutTheAuthorizersTenantSyncIs401() {
    APIGatewayV2HTTPEvent anonymous =
        EventLoader.loadApiGatewayHttpEvent("events/checkout/post-sync.json");
    anonymous.getRequestContext().setAuthorizer(null);
    assertThat(handler.handleRequest(anonymous, null).getStatusCode()).isEqualTo(401);
  }

  @Test
  void aStripeFailureIs502WithTheRequestId() {
    stripe
        .wireMock()
        .stubFor(
            get(urlPathEqualTo("/v1/subscriptions"))
                .willReturn(StripeApi.json(500, "error-api.json", "req_Broken01")));

    JsonObject error = error(handler.handleRequest(sync(GLOBEX), null), 502, "stripe_error");
    assertThat(error.get("message").getAsString()).contains("req_Broken01");
    assertThat(billing.subscription(GLOBEX)).isEmpty();
  }
}
