package app.billing.portal.handler;

import static app.billing.testkit.ApiGatewayHttp.asTenant;
import static app.billing.testkit.ApiGatewayHttp.error;
import static app.billing.testkit.ApiGatewayHttp.json;
import static app.billing.testkit.ApiGatewayHttp.withBody;
import static app.billing.testkit.StripeApi.PORTAL_SESSIONS;
import static app.billing.testkit.StripeApi.form;
import static app.billing.testkit.StripeApi.onlyForm;
import static app.billing.testkit.StripeApi.posts;
import static app.billing.testkit.StripeApi.requests;
import static app.billing.testkit.StripeApi.stubPost;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.tenant.TenantProfile;
import app.billing.core.testdata.SubscriptionRecords;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.portal.PortalConfig;
import app.billing.testkit.DynamoOnDynalite;
import app.billing.testkit.MutableClock;
import app.billing.testkit.StripeApi;
import app.billing.testkit.StripeStandIn;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real handler, wiring, DynamoDB stores (dynalite) and Stripe adapter against the WireMock
 * stand-in. Requests come from {@code events/portal/}, Stripe answers from {@code stripe-api/}.
 */
class PortalHandlerIT {
  static final String ACME = "usr_8f3a1c2e";
  static final String GLOBEX = "usr_2b7d9e41";
  static final String NEWCO = "usr_5c1e0a77";
  static final String LAPSED = "usr_9d4f2b18";
  static final String ACME_CUSTOMER = "cus_QXg1o8vcGmoR32";
  static final String GLOBEX_CUSTOMER = "cus_RzT4bq9WkLmN07";
  static final String LAPSED_CUSTOMER = "cus_Lp3Xw8Qa2NcV51";
  static final String ACME_SUBSCRIPTION = "sub_1hNEdcSb7kQ2wLn5P4c3ZkD7";
  static final String GLOBEX_SUBSCRIPTION = "sub_1kQw7ZSb7kQ2wLn5GlobexPro";
  static final String PORTAL_URL =
      "https://sangeekp-15t6ai--customer_portal-mydev.dev.stripe.me/session/{SESSION_SECRET}";
  static final String RETURN_URL = "https://app.example.com/account/billing";
  static final Instant NOW = Instant.parse("2026-11-24T20:15:03Z");
  static final int READ_TIMEOUT_MILLIS = 400;
  private static final AtomicInteger VERSIONS = new AtomicInteger();

  @RegisterExtension
  static final DynamoOnDynalite DYNAMO =
      new DynamoOnDynalite("billing-portal-", BillingTable::createIfMissing);

  @AutoClose static StripeStandIn stripe;

  String table;
  DynamoTenantStore tenants;
  DynamoBillingStore billing;
  MutableClock clock;
  PortalHandler handler;

  @BeforeAll
  static void startStripe() {
    stripe = StripeStandIn.start();
  }

  @BeforeEach
  void freshState() {
    table = DYNAMO.freshTable();
    tenants = new DynamoTenantStore(DYNAMO.client(), table);
    billing = new DynamoBillingStore(DYNAMO.client(), table);
    Instant created = Instant.parse("2026-10-01T09:00:00Z");
    tenants.createTenant(
        new TenantProfile(ACME, "Acme Corp", "billing@acme.example", ACME_CUSTOMER, created));
    tenants.createTenant(
        new TenantProfile(
            GLOBEX, "Globex Ltd", "finance@globex.example", GLOBEX_CUSTOMER, created));
    tenants.createTenant(new TenantProfile(NEWCO, "Newco", "ops@newco.example", null, created));
    tenants.createTenant(
        new TenantProfile(LAPSED, "Lapsed Inc", "ap@lapsed.example", LAPSED_CUSTOMER, created));
    subscription(ACME, ACME_CUSTOMER, ACME_SUBSCRIPTION, "active", false);
    subscription(GLOBEX, GLOBEX_CUSTOMER, GLOBEX_SUBSCRIPTION, "trialing", false);

    stripe.reset();
    stubPost(stripe, PORTAL_SESSIONS, 200, "billing_portal.session.json", "req_Portal01");
    clock = new MutableClock(NOW);
    handler = handler(Map.of());
  }

  void subscription(
      String tenant, String customer, String id, String status, boolean cancelAtPeriodEnd) {
    billing.saveSubscription(
        SubscriptionRecords.withStatus(status)
            .tenant(tenant)
            .customer(customer)
            .subscription(id)
            .plan("pro")
            .price("price_14K14PSb7kQ2wLn5JNF92G3q")
            .cancelAtPeriodEnd(cancelAtPeriodEnd)
            .version(
                new EventVersion(
                    1_795_000_000L + VERSIONS.incrementAndGet(), "evt_" + VERSIONS.get()))
            .build(),
        false);
  }

  PortalHandler handler(Map<String, String> overrides) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "BILLING_TABLE",
                table,
                "STRIPE_SECRET_KEY",
                "sk_test_portalIT_51Hx00000000000000000wxyz",
                "STRIPE_API_BASE",
                stripe.baseUrl(),
                "STRIPE_READ_TIMEOUT_MS",
                Integer.toString(READ_TIMEOUT_MILLIS),
                "PORTAL_RETURN_URL",
                RETURN_URL,
                "ALLOWED_REDIRECT_ORIGINS",
                "https://www.example.com"));
    env.putAll(overrides);
    PortalConfig config = PortalConfig.fromEnvironment(env);
    return PortalWiring.build(
        config, new PortalWiring.Clients(DYNAMO.client(), config.stripe().client()), clock);
  }

  /** A request from {@code events/portal/}. */
  static APIGatewayV2HTTPEvent request(String name) {
    return EventLoader.loadApiGatewayHttpEvent("events/portal/" + name);
  }

  APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
    return handler.handleRequest(event, null);
  }

  static Map<String, String> flowForm(String customer, String returnUrl, String type) {
    return Map.of(
        "customer", customer,
        "return_url", returnUrl,
        "flow_data[type]", type,
        "flow_data[after_completion][type]", "redirect",
        "flow_data[after_completion][redirect][return_url]", returnUrl);
  }

  @Nested
  class Sessions {
    @Test
    void emptyBodyOpensThePortalHomeForTheTenantsCustomer() {
      APIGatewayV2HTTPResponse response = send(request("post-portal.json"));

      assertThat(response.getStatusCode()).isEqualTo(201);
      JsonObject body = json(response);
      assertThat(body.keySet()).containsExactly("portal_url");
      assertThat(body.get("portal_url").getAsString()).isEqualTo(PORTAL_URL);
      assertThat(onlyForm(stripe, PORTAL_SESSIONS))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("customer", ACME_CUSTOMER, "return_url", RETURN_URL));
    }

    @Test
    void paymentMethodUpdateFlowWithTheConfiguredPortal() {
      handler = handler(Map.of("PORTAL_CONFIGURATION_ID", "bpc_1Pgc7HB7WZ01zgkWxH2EPWRX"));

      assertThat(send(request("post-portal-payment-method-update.json")).getStatusCode())
          .isEqualTo(201);

      Map<String, String> expected =
          new HashMap<>(flowForm(ACME_CUSTOMER, RETURN_URL, "payment_method_update"));
      expected.put("configuration", "bpc_1Pgc7HB7WZ01zgkWxH2EPWRX");
      assertThat(onlyForm(stripe, PORTAL_SESSIONS)).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void subscriptionUpdateFlowNamesTheTenantsSubscriptionAndReturnsToTheClientsUrl() {
      assertThat(send(request("post-portal-subscription-update.json")).getStatusCode())
          .isEqualTo(201);

      Map<String, String> expected =
          new HashMap<>(
              flowForm(
                  ACME_CUSTOMER, "https://www.example.com/account/plan", "subscription_update"));
      expected.put("flow_data[subscription_update][subscription]", ACME_SUBSCRIPTION);
      assertThat(onlyForm(stripe, PORTAL_SESSIONS)).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void subscriptionCancelFlowNamesTheTenantsSubscription() {
      assertThat(send(request("post-portal-subscription-cancel.json")).getStatusCode())
          .isEqualTo(201);

      Map<String, String> expected =
          new HashMap<>(flowForm(ACME_CUSTOMER, RETURN_URL, "subscription_cancel"));
      expected.put("flow_data[subscription_cancel][subscription]", ACME_SUBSCRIPTION);
      assertThat(onlyForm(stripe, PORTAL_SESSIONS)).containsExactlyInAnyOrderEntriesOf(expected);
    }
  }

  @Nested
  class Conflicts {
    @Test
    void tenantWithoutCustomerIsToldToSubscribeFirst() {
      JsonObject e = error(send(asTenant(request("post-portal.json"), NEWCO)), 409, "no_customer");

      assertThat(e.get("message").getAsString()).startsWith("Subscribe first");
      assertThat(e.get("checkout_path").getAsString()).isEqualTo("/billing/checkout");
      assertThat(requests(stripe)).isEmpty();
    }

    @Test
    void aCustomerDeletedInStripeIsNoCustomer() {
      billing.saveCustomer(
          new CustomerRecord(
              ACME,
              ACME_CUSTOMER,
              "billing@acme.example",
              "Acme Corp",
              false,
              true,
              new EventVersion(1_795_000_000L, "evt_1CusDeleted0000000000001")),
          false);

      JsonObject e = error(send(request("post-portal.json")), 409, "no_customer");

      assertThat(e.get("message").getAsString()).contains("deleted");
      assertThat(requests(stripe)).isEmpty();
      // Other tenants are untouched.
      assertThat(send(asTenant(request("post-portal.json"), GLOBEX)).getStatusCode())
          .isEqualTo(201);
    }

    @Test
    void subscriptionFlowWithoutSubscriptionIs409() {
      error(
          send(asTenant(request("post-portal-subscription-update.json"), LAPSED)),
          409,
          "no_subscription");
      assertThat(requests(stripe)).isEmpty();
    }

    @Test
    void paymentMethodUpdateNeedsNoSubscription() {
      assertThat(
              send(asTenant(request("post-portal-payment-method-update.json"), LAPSED))
                  .getStatusCode())
          .isEqualTo(201);
    }

    @Test
    void canceledSubscriptionCannotBeUpdatedOrCanceled() {
      subscription(LAPSED, LAPSED_CUSTOMER, "sub_1Lp3Xw8Qa2NcV51Ended", "canceled", false);

      error(
          send(asTenant(request("post-portal-subscription-cancel.json"), LAPSED)),
          409,
          "no_subscription");
    }

    @Test
    void cancellingTwiceIs409() {
      subscription(ACME, ACME_CUSTOMER, ACME_SUBSCRIPTION, "active", true);

      error(send(request("post-portal-subscription-cancel.json")), 409, "cancellation_scheduled");
      assertThat(requests(stripe)).isEmpty();
    }

    @Test
    void unknownTenantIs404() {
      error(send(asTenant(request("post-portal.json"), "usr_unknown0")), 404, "tenant_not_found");
    }
  }

  @Nested
  class TenantIsolation {
    @Test
    void aTenantOnlyEverReachesItsOwnCustomerAndSubscription() {
      error(send(request("post-portal-customer-injection.json")), 400, "invalid_field");
      send(request("post-portal-subscription-update.json"));
      send(request("post-portal-subscription-cancel.json"));
      send(request("post-portal.json"));

      List<LoggedRequest> calls = requests(stripe);
      assertThat(calls).hasSize(3);
      for (LoggedRequest call : calls) {
        assertThat(call.getBodyAsString())
            .doesNotContain(GLOBEX_CUSTOMER)
            .doesNotContain(GLOBEX_SUBSCRIPTION)
            .doesNotContain("cus_SomeoneElse0001");
        assertThat(form(call)).containsEntry("customer", ACME_CUSTOMER);
      }

      stripe.reset();
      stubPost(stripe, PORTAL_SESSIONS, 200, "billing_portal.session.json", "req_Portal02");
      send(asTenant(request("post-portal-subscription-update.json"), GLOBEX));
      assertThat(onlyForm(stripe, PORTAL_SESSIONS))
          .containsEntry("customer", GLOBEX_CUSTOMER)
          .containsEntry("flow_data[subscription_update][subscription]", GLOBEX_SUBSCRIPTION);
    }

    @Test
    void requestWithoutAuthorizerContextIs401() {
      APIGatewayV2HTTPEvent event = request("post-portal.json");
      event.getRequestContext().setAuthorizer(null);

      error(send(event), 401, "unauthorized");
    }
  }

  @Nested
  class Validation {
    @Test
    void foreignReturnUrlIsRefused() {
      JsonObject e =
          error(send(request("post-portal-foreign-return-url.json")), 400, "redirect_not_allowed");

      assertThat(e.get("field").getAsString()).isEqualTo("return_url");
      assertThat(requests(stripe)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "{\"flow\":\"subscription_update_confirm\"}|flow",
          "{\"flow\":true}|flow",
          "{\"return_url\":[\"https://www.example.com\"]}|return_url",
          "{\"return_url\":\"http://localhost:3000/x\"}|return_url",
          "{\"configuration\":\"bpc_1Other\"}|configuration"
        })
    void wrongValuesAndUnknownFieldsNameTheField(String body, String field) {
      JsonObject e = error(send(withBody(request("post-portal.json"), body)), 400, e400(body));

      assertThat(e.get("field").getAsString()).isEqualTo(field);
      assertThat(requests(stripe)).isEmpty();
    }

    private static String e400(String body) {
      return body.contains("localhost") ? "redirect_not_allowed" : "invalid_field";
    }

    @Test
    void malformedJsonIs400() {
      error(send(withBody(request("post-portal.json"), "{\"flow\":")), 400, "invalid_json");
    }

    @Test
    void otherMethodsAre405() {
      APIGatewayV2HTTPResponse response = send(request("get-portal.json"));

      error(response, 405, "method_not_allowed");
      assertThat(response.getHeaders()).containsEntry("allow", "POST");
    }
  }

  @Nested
  class RateLimit {
    @Test
    void sixthRequestInTenSecondsIs429WithRetryAfter() {
      for (int i = 0; i < 5; i++) {
        assertThat(send(request("post-portal.json")).getStatusCode()).isEqualTo(201);
      }

      APIGatewayV2HTTPResponse limited = send(request("post-portal.json"));

      error(limited, 429, "rate_limited");
      assertThat(limited.getHeaders()).containsEntry("retry-after", "7");
      assertThat(posts(stripe, PORTAL_SESSIONS)).hasSize(5);
      clock.advance(Duration.ofSeconds(7));
      assertThat(send(request("post-portal.json")).getStatusCode()).isEqualTo(201);
    }
  }

  @Nested
  class StripeFailures {
    @Test
    void stripe5xxIs502NamingTheRequestId() {
      stubPost(stripe, PORTAL_SESSIONS, 500, "error-api.json", "req_PortalBoom01");

      JsonObject e = error(send(request("post-portal.json")), 502, "stripe_error");

      assertThat(e.get("message").getAsString()).contains("req_PortalBoom01");
      assertThat(posts(stripe, PORTAL_SESSIONS))
          .hasSize(3)
          .extracting(r -> r.getHeader("Idempotency-Key"))
          .containsOnly(posts(stripe, PORTAL_SESSIONS).getFirst().getHeader("Idempotency-Key"));
    }

    @Test
    void stripe4xxOnOurOwnParametersIs502() {
      stubPost(stripe, PORTAL_SESSIONS, 400, "error-invalid-url.json", "req_PortalUrl01");

      error(send(request("post-portal.json")), 502, "stripe_error");
    }

    @Test
    void clientReturnUrlRefusedByStripeIs400() {
      stubPost(stripe, PORTAL_SESSIONS, 400, "error-invalid-return-url.json", "req_PortalUrl02");

      JsonObject e =
          error(send(request("post-portal-subscription-update.json")), 400, "invalid_field");

      assertThat(e.get("field").getAsString()).isEqualTo("return_url");
    }

    @Test
    void timeoutIs502() {
      stripe
          .wireMock()
          .stubFor(
              post(urlPathEqualTo(PORTAL_SESSIONS))
                  .willReturn(
                      StripeApi.json(200, "billing_portal.session.json", "req_Slow01")
                          .withFixedDelay(READ_TIMEOUT_MILLIS * 3)));

      JsonObject e = error(send(request("post-portal.json")), 502, "stripe_error");

      assertThat(e.get("message").getAsString()).contains("did not answer in time");
    }
  }
}
