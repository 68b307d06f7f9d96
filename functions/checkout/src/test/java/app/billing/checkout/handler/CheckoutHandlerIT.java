package app.billing.checkout.handler;

import static app.billing.testkit.ApiGatewayHttp.asTenant;
import static app.billing.testkit.ApiGatewayHttp.error;
import static app.billing.testkit.ApiGatewayHttp.json;
import static app.billing.testkit.ApiGatewayHttp.withBody;
import static app.billing.testkit.StripeApi.CHECKOUT_SESSIONS;
import static app.billing.testkit.StripeApi.CUSTOMERS;
import static app.billing.testkit.StripeApi.form;
import static app.billing.testkit.StripeApi.onlyForm;
import static app.billing.testkit.StripeApi.posts;
import static app.billing.testkit.StripeApi.requests;
import static app.billing.testkit.StripeApi.stubPost;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import app.billing.checkout.CheckoutConfig;
import app.billing.core.checkout.CheckoutLock;
import app.billing.core.checkout.CheckoutToken;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.tenant.TenantProfile;
import app.billing.core.testdata.SubscriptionRecords;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.testkit.DynamoOnDynalite;
import app.billing.testkit.MutableClock;
import app.billing.testkit.StripeApi;
import app.billing.testkit.StripeStandIn;
import app.billing.testkit.TestResources;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real handler, wiring, DynamoDB stores (dynalite) and Stripe adapter (stripe-java against the
 * WireMock stand-in). Requests come from {@code events/checkout/}, Stripe answers from {@code
 * stripe-api/}. What Stripe receives is read back from WireMock's request journal.
 */
class CheckoutHandlerIT {
  static final String ACME = "usr_8f3a1c2e";
  static final String GLOBEX = "usr_2b7d9e41";
  static final String ACME_CUSTOMER = "cus_QXg1o8vcGmoR32";
  static final String GLOBEX_CUSTOMER = "cus_RzT4bq9WkLmN07";
  static final String SESSION_ID =
      "cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY";
  static final String SECRET_KEY = "sk_test_checkoutIT_51Hx0000000000000000wxyz";
  static final String TOKEN_KEY = "checkout-handler-it-token-key-0123456789";
  static final CheckoutToken TOKEN = CheckoutToken.fromSecret(TOKEN_KEY);
  static final String PRO_MONTHLY = "price_14K14PSb7kQ2wLn5JNF92G3q";
  static final String STARTER_YEARLY = "price_1YVHyrSb7kQ2wLn5StarterYr";
  static final String WORKSHOP = "price_1Wk5hpSb7kQ2wLn5Workshop";

  /** Three seconds into a rate-limit window. */
  static final Instant NOW = Instant.parse("2026-11-24T20:15:03Z");

  static final int READ_TIMEOUT_MILLIS = 400;

  @RegisterExtension
  static final DynamoOnDynalite DYNAMO =
      new DynamoOnDynalite("billing-checkout-", BillingTable::createIfMissing);

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
    billing.link(GLOBEX_CUSTOMER, GLOBEX, Instant.parse("2026-10-01T09:05:00Z"));

    stripe.reset();
    // Stripe answers one customer per idempotency key.
    stripe
        .wireMock()
        .stubFor(
            post(urlPathEqualTo(CUSTOMERS))
                .withHeader("Idempotency-Key", equalTo("customer:" + ACME))
                .willReturn(StripeApi.json(200, "customer.json", "req_CusAcme01")));
    stripe
        .wireMock()
        .stubFor(
            post(urlPathEqualTo(CUSTOMERS))
                .withHeader("Idempotency-Key", equalTo("customer:" + GLOBEX))
                .willReturn(StripeApi.json(200, "customer-globex.json", "req_CusGlobex01")));
    stubPost(stripe, CHECKOUT_SESSIONS, 200, "checkout.session.json", "req_Session01");

    clock = new MutableClock(NOW);
    handler = handler(Map.of());
  }

  Map<String, String> env(Map<String, String> overrides) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "BILLING_TABLE",
                table,
                "STRIPE_SECRET_KEY",
                SECRET_KEY,
                "CHECKOUT_TOKEN_KEY",
                TOKEN_KEY,
                "STRIPE_API_BASE",
                stripe.baseUrl(),
                "STRIPE_READ_TIMEOUT_MS",
                Integer.toString(READ_TIMEOUT_MILLIS),
                "CHECKOUT_SUCCESS_URL",
                "https://app.example.com/billing/success",
                "CHECKOUT_CANCEL_URL",
                "https://app.example.com/billing/cancel",
                "ALLOWED_REDIRECT_ORIGINS",
                "https://www.example.com, http://localhost:3000"));
    env.putAll(overrides);
    return env;
  }

  CheckoutHandler handler(Map<String, String> overrides) {
    CheckoutConfig config = CheckoutConfig.fromEnvironment(env(overrides));
    return CheckoutWiring.build(
        config, new CheckoutWiring.Clients(DYNAMO.client(), config.stripe().client()), clock);
  }

  /** A request from {@code events/checkout/}. */
  static APIGatewayV2HTTPEvent request(String name) {
    return EventLoader.loadApiGatewayHttpEvent("events/checkout/" + name);
  }

  /** The request with the client's {@code Idempotency-Key} header. */
  static APIGatewayV2HTTPEvent withIdempotencyKey(
      APIGatewayV2HTTPEvent event, String idempotencyKey) {
    Map<String, String> headers = new HashMap<>(event.getHeaders());
    headers.put("idempotency-key", idempotencyKey);
    event.setHeaders(headers);
    return event;
  }

  APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
    return handler.handleRequest(event, null);
  }

  static Map<String, String> proMonthlyForm(String tenant, String customer) {
    return Map.ofEntries(
        entry("customer", customer),
        entry("client_reference_id", tenant),
        entry("mode", "subscription"),
        entry("metadata[tenantId]", tenant),
        entry("metadata[catalog_key]", "pro"),
        entry("line_items[0][price]", PRO_MONTHLY),
        entry("line_items[0][quantity]", "1"),
        // Pro bills emails_sent: its metered price, without a quantity.
        entry("line_items[1][price]", "price_14K1mtSb7kQ2wLn5ProEmails"),
        entry("allow_promotion_codes", "true"),
        entry("automatic_tax[enabled]", "false"),
        entry("billing_address_collection", "required"),
        entry("customer_update[name]", "auto"),
        entry("customer_update[address]", "auto"),
        entry(
            "success_url",
            "https://app.example.com/billing/success?session_id={CHECKOUT_SESSION_ID}"),
        entry("cancel_url", "https://app.example.com/billing/cancel"),
        entry("subscription_data[metadata][tenantId]", tenant),
        entry("metadata[checkout_token]", TOKEN.sign(tenant, customer)),
        entry("subscription_data[metadata][checkout_token]", TOKEN.sign(tenant, customer)),
        entry(
            "expires_at", Long.toString(NOW.plus(CheckoutLock.SESSION_LIFETIME).getEpochSecond())));
  }

  void subscribed(String status, String plan, String cycle) {
    billing.saveSubscription(
        SubscriptionRecords.withStatus(status)
            .tenant(ACME)
            .customer(ACME_CUSTOMER)
            .subscription("sub_1hNEdcSb7kQ2wLn5P4c3ZkD7")
            .plan(plan)
            .price(PRO_MONTHLY)
            .cycle(cycle)
            .version(new EventVersion(1_795_000_000L, "evt_1aWs8MSb7kQ2wLn5dpkPYNg1"))
            .build(),
        false);
  }

  @Nested
  class Sessions {
    @Test
    void firstCheckoutCreatesTheTenantsCustomerThenASubscriptionSession() {
      APIGatewayV2HTTPResponse response = send(request("post-checkout-pro-monthly.json"));

      assertThat(response.getStatusCode()).isEqualTo(201);
      JsonObject body = json(response);
      assertThat(body.keySet()).containsExactly("checkout_url", "session_id");
      assertThat(body.get("session_id").getAsString()).isEqualTo(SESSION_ID);
      assertThat(body.get("checkout_url").getAsString())
          .isEqualTo("https://checkout.stripe.com/pay/c/" + SESSION_ID);
      assertThat(response.getHeaders()).containsEntry("cache-control", "no-store");

      LoggedRequest customer = posts(stripe, CUSTOMERS).getFirst();
      assertThat(customer.getHeader("Idempotency-Key")).isEqualTo("customer:" + ACME);
      assertThat(form(customer))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "metadata[tenantId]",
                  ACME,
                  "name",
                  "Acme Corp",
                  "email",
                  "billing@acme.example"));
      assertThat(onlyForm(stripe, CHECKOUT_SESSIONS))
          .containsExactlyInAnyOrderEntriesOf(proMonthlyForm(ACME, ACME_CUSTOMER));
      assertThat(posts(stripe, CHECKOUT_SESSIONS).getFirst().getHeader("Idempotency-Key"))
          .matches(
              "checkout:" + ACME + ":pro:monthly:1:" + NOW.getEpochSecond() / 10 + ":[0-9a-f]{16}");

      assertThat(tenants.tenant(ACME).orElseThrow().stripeCustomerId()).isEqualTo(ACME_CUSTOMER);
      assertThat(billing.lookup(ACME_CUSTOMER).tenantId()).contains(ACME);
    }

    @Test
    void secondCheckoutReusesTheStoredCustomer() {
      send(request("post-checkout-pro-monthly.json"));
      send(request("post-checkout-onboarding-workshop.json"));

      assertThat(posts(stripe, CUSTOMERS)).hasSize(1);
      assertThat(posts(stripe, CHECKOUT_SESSIONS))
          .extracting(r -> form(r).get("customer"))
          .containsExactly(ACME_CUSTOMER, ACME_CUSTOMER);
    }

    @Test
    void ownUrlsOnAllowedOriginsYearlyCycleQuantityAndCatalogTrial() {
      APIGatewayV2HTTPResponse response =
          send(request("post-checkout-starter-yearly-own-urls.json"));

      assertThat(response.getStatusCode()).isEqualTo(201);
      assertThat(onlyForm(stripe, CHECKOUT_SESSIONS))
          .containsEntry("line_items[0][price]", STARTER_YEARLY)
          .containsEntry("line_items[0][quantity]", "3")
          .containsEntry("metadata[catalog_key]", "starter")
          .containsEntry("subscription_data[trial_period_days]", "14")
          .containsEntry(
              "success_url",
              "https://www.example.com/pricing/thanks?session_id={CHECKOUT_SESSION_ID}")
          .containsEntry("cancel_url", "http://localhost:3000/pricing");
    }

    @Test
    void oneTimeItemIsAPaymentSessionWithTheTenantOnThePaymentIntent() {
      assertThat(send(request("post-checkout-onboarding-workshop.json")).getStatusCode())
          .isEqualTo(201);

      Map<String, String> expected = new HashMap<>(proMonthlyForm(ACME, ACME_CUSTOMER));
      expected.remove("subscription_data[metadata][tenantId]");
      expected.remove("subscription_data[metadata][checkout_token]");
      expected.remove("line_items[1][price]"); // Pro's metered price
      // One-time items keep Stripe's default session lifetime: they are not serialised.
      expected.remove("expires_at");
      expected.putAll(
          Map.of(
              "mode",
              "payment",
              "metadata[catalog_key]",
              "onboarding_workshop",
              "metadata[quantity]",
              "1",
              "line_items[0][price]",
              WORKSHOP,
              "payment_intent_data[capture_method]",
              "automatic",
              "payment_intent_data[metadata][tenantId]",
              ACME,
              "payment_intent_data[metadata][checkout_token]",
              TOKEN.sign(ACME, ACME_CUSTOMER)));
      assertThat(onlyForm(stripe, CHECKOUT_SESSIONS)).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void captureMethodAndTrialComeFromPlanCatalog() {
      handler = handler(Map.of("PLAN_CATALOG", TestResources.read("catalogs/manual-capture.json")));

      send(request("post-checkout-onboarding-workshop.json"));
      send(request("post-checkout-pro-monthly.json"));

      var sessions = posts(stripe, CHECKOUT_SESSIONS);
      assertThat(form(sessions.get(0)))
          .containsEntry("payment_intent_data[capture_method]", "manual");
      assertThat(form(sessions.get(1))).containsEntry("subscription_data[trial_period_days]", "30");
    }

    @Test
    void automaticTaxFollowsTheEnvironment() {
      handler = handler(Map.of("CHECKOUT_AUTOMATIC_TAX", "true"));

      send(request("post-checkout-pro-monthly.json"));

      assertThat(onlyForm(stripe, CHECKOUT_SESSIONS))
          .containsEntry("automatic_tax[enabled]", "true");
    }

    @Test
    void taxIdCollectionAndPromotionCodesFollowTheEnvironment() {
      handler =
          handler(
              Map.of("CHECKOUT_TAX_ID_COLLECTION", "true", "CHECKOUT_PROMOTION_CODES", "false"));

      send(request("post-checkout-pro-monthly.json"));

      assertThat(onlyForm(stripe, CHECKOUT_SESSIONS))
          .containsEntry("tax_id_collection[enabled]", "true")
          .doesNotContainKey("allow_promotion_codes");
    }

    @Test
    void base64BodyIsDecoded() {
      APIGatewayV2HTTPResponse response = send(request("post-checkout-base64.json"));

      assertThat(response.getStatusCode()).isEqualTo(201);
      assertThat(onlyForm(stripe, CHECKOUT_SESSIONS))
          .containsEntry("line_items[0][price]", "price_14K1yrSb7kQ2wLn5ProYearly");
    }

    @Test
    void sameRequestWithinTheWindowReusesTheSessionKey() {
      // One-time items: a second subscription checkout is refused (CheckoutLocking below).
      send(request("post-checkout-onboarding-workshop.json"));
      clock.advance(Duration.ofSeconds(5));
      send(request("post-checkout-onboarding-workshop.json"));
      clock.advance(Duration.ofSeconds(5));
      send(request("post-checkout-onboarding-workshop.json"));

      List<String> keys =
          posts(stripe, CHECKOUT_SESSIONS).stream()
              .map(r -> r.getHeader("Idempotency-Key"))
              .toList();
      assertThat(keys.get(1)).isEqualTo(keys.get(0));
      assertThat(keys.get(2)).isNotEqualTo(keys.get(0));
    }
  }

  @Nested
  class Concurrency {
    @Test
    void tenRacingCheckoutsOfOneTenantGetOneSessionAndNine409s() throws Exception {
      handler = handler(Map.of("CHECKOUT_RATE_LIMIT", "100"));
      List<APIGatewayV2HTTPResponse> responses =
          race(10, i -> request("post-checkout-pro-monthly.json"));

      assertThat(responses)
          .extracting(APIGatewayV2HTTPResponse::getStatusCode)
          .containsOnly(201, 409)
          .filteredOn(status -> status == 201)
          .hasSize(1);
      for (APIGatewayV2HTTPResponse response : responses) {
        if (response.getStatusCode() == 409) {
          error(response, 409, "checkout_in_progress");
        }
      }
      assertThat(posts(stripe, CHECKOUT_SESSIONS))
          .singleElement()
          .satisfies(r -> assertThat(form(r)).containsEntry("customer", ACME_CUSTOMER));
      assertThat(posts(stripe, CUSTOMERS))
          .singleElement()
          .satisfies(r -> assertThat(r.getHeader("Idempotency-Key")).isEqualTo("customer:" + ACME));
      assertThat(tenants.tenant(ACME).orElseThrow().stripeCustomerId()).isEqualTo(ACME_CUSTOMER);
      assertThat(billing.lookup(ACME_CUSTOMER).tenantId()).contains(ACME);
    }

    @Test
    void twoConcurrentCheckoutsForDifferentPlansGetOne201AndOne409() throws Exception {
      List<APIGatewayV2HTTPResponse> responses =
          race(
              2,
              i ->
                  request(
                      i == 0
                          ? "post-checkout-pro-monthly.json"
                          : "post-checkout-starter-yearly-own-urls.json"));

      assertThat(responses)
          .extracting(APIGatewayV2HTTPResponse::getStatusCode)
          .containsExactlyInAnyOrder(201, 409);
      assertThat(posts(stripe, CHECKOUT_SESSIONS)).hasSize(1);
    }

    /** {@code n} requests released at once; their responses in request order. */
    List<APIGatewayV2HTTPResponse> race(int n, IntFunction<APIGatewayV2HTTPEvent> requests)
        throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(n);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<APIGatewayV2HTTPResponse>> results = new ArrayList<>();
      try {
        for (int i = 0; i < n; i++) {
          APIGatewayV2HTTPEvent event = requests.apply(i);
          Callable<APIGatewayV2HTTPResponse> call =
              () -> {
                start.await();
                return send(event);
              };
          results.add(pool.submit(call));
        }
        start.countDown();
        List<APIGatewayV2HTTPResponse> responses = new ArrayList<>();
        for (Future<APIGatewayV2HTTPResponse> result : results) {
          responses.add(result.get(30, TimeUnit.SECONDS));
        }
        return responses;
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  class CheckoutLocking {
    @Test
    void aSecondCheckoutWhileTheFirstSessionIsOpenIs409UntilItLapses() {
      assertThat(send(request("post-checkout-pro-monthly.json")).getStatusCode()).isEqualTo(201);

      clock.advance(Duration.ofMinutes(20));
      JsonObject e =
          error(
              send(request("post-checkout-starter-yearly-own-urls.json")),
              409,
              "checkout_in_progress");
      assertThat(e.get("message").getAsString()).contains("in progress");
      assertThat(posts(stripe, CHECKOUT_SESSIONS)).hasSize(1);

      clock.advance(CheckoutLock.HOLD.minus(Duration.ofMinutes(20)));
      assertThat(send(request("post-checkout-starter-yearly-own-urls.json")).getStatusCode())
          .isEqualTo(201);
      assertThat(posts(stripe, CHECKOUT_SESSIONS)).hasSize(2);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheSameSessionNotA409() {
      APIGatewayV2HTTPEvent keyed =
          withIdempotencyKey(request("post-checkout-pro-monthly.json"), "order-42");

      APIGatewayV2HTTPResponse first = send(keyed);
      clock.advance(Duration.ofMinutes(2));
      APIGatewayV2HTTPResponse retry = send(keyed);

      assertThat(first.getStatusCode()).isEqualTo(201);
      assertThat(retry.getStatusCode()).isEqualTo(201);
      assertThat(json(retry).get("session_id")).isEqualTo(json(first).get("session_id"));
      assertThat(posts(stripe, CHECKOUT_SESSIONS))
          .extracting(r -> r.getHeader("Idempotency-Key"))
          .hasSize(2)
          .containsOnly(posts(stripe, CHECKOUT_SESSIONS).getFirst().getHeader("Idempotency-Key"));
      error(
          send(withIdempotencyKey(request("post-checkout-pro-monthly.json"), "order-43")),
          409,
          "checkout_in_progress");
    }

    @Test
    void aFailedSessionReleasesTheLock() {
      stubPost(stripe, CHECKOUT_SESSIONS, 404, "error-resource-missing.json", "req_Missing02");
      assertThat(send(request("post-checkout-pro-monthly.json")).getStatusCode()).isEqualTo(502);

      stubPost(stripe, CHECKOUT_SESSIONS, 200, "checkout.session.json", "req_Session02");
      assertThat(send(request("post-checkout-starter-yearly-own-urls.json")).getStatusCode())
          .isEqualTo(201);
    }

    @Test
    void afterItsCustomerWasDeletedATenantGetsANewOneUnderAFreshKey() {
      String deleted = "cus_Deleted0000001";
      billing.saveCustomer(
          new CustomerRecord(
              ACME,
              deleted,
              "billing@acme.example",
              "Acme Corp",
              false,
              true,
              new EventVersion(1_795_000_000L, "evt_1CusDeleted0000000000001")),
          false);
      String renewed = "cus_Renewed0000001";
      stripe
          .wireMock()
          .stubFor(
              post(urlPathEqualTo(CUSTOMERS))
                  .withHeader("Idempotency-Key", equalTo("customer:" + ACME + ":after:" + deleted))
                  .willReturn(okJson("{\"id\":\"" + renewed + "\",\"object\":\"customer\"}")));

      assertThat(send(request("post-checkout-pro-monthly.json")).getStatusCode()).isEqualTo(201);

      assertThat(posts(stripe, CUSTOMERS)).hasSize(1);
      assertThat(tenants.tenant(ACME).orElseThrow().stripeCustomerId()).isEqualTo(renewed);
      assertThat(billing.lookup(renewed).tenantId()).contains(ACME);
      assertThat(onlyForm(stripe, CHECKOUT_SESSIONS)).containsEntry("customer", renewed);
    }

    @Test
    void oneTimeItemsAreSoldWhileASubscriptionCheckoutIsOpen() {
      send(request("post-checkout-pro-monthly.json"));

      assertThat(send(request("post-checkout-onboarding-workshop.json")).getStatusCode())
          .isEqualTo(201);
    }
  }

  @Nested
  class TenantIsolation {
    @Test
    void aTenantCanNeverNameAnotherTenantsCustomer() {
      APIGatewayV2HTTPResponse injected =
          send(
              withBody(
                  request("post-checkout-pro-monthly.json"),
                  "{\"plan\":\"pro\",\"customer\":\"" + GLOBEX_CUSTOMER + "\"}"));
      error(injected, 400, "invalid_field");

      APIGatewayV2HTTPEvent spoofed = request("post-checkout-pro-monthly.json");
      Map<String, String> headers = new HashMap<>(spoofed.getHeaders());
      headers.put("x-tenant-id", GLOBEX);
      spoofed.setHeaders(headers);
      assertThat(send(spoofed).getStatusCode()).isEqualTo(201);

      for (LoggedRequest call : requests(stripe)) {
        assertThat(call.getBodyAsString()).doesNotContain(GLOBEX_CUSTOMER).doesNotContain(GLOBEX);
        assertThat(call.getHeader("Idempotency-Key")).doesNotContain(GLOBEX);
      }
      assertThat(onlyForm(stripe, CHECKOUT_SESSIONS))
          .containsEntry("customer", ACME_CUSTOMER)
          .containsEntry("client_reference_id", ACME);
      assertThat(tenants.tenant(GLOBEX).orElseThrow().stripeCustomerId())
          .isEqualTo(GLOBEX_CUSTOMER);
    }

    @Test
    void eachTenantGetsItsOwnCustomer() {
      send(request("post-checkout-pro-monthly.json"));
      send(asTenant(request("post-checkout-pro-monthly.json"), GLOBEX));

      var sessions = posts(stripe, CHECKOUT_SESSIONS);
      assertThat(form(sessions.get(0)))
          .containsExactlyInAnyOrderEntriesOf(proMonthlyForm(ACME, ACME_CUSTOMER));
      assertThat(form(sessions.get(1)))
          .containsExactlyInAnyOrderEntriesOf(proMonthlyForm(GLOBEX, GLOBEX_CUSTOMER));
      assertThat(posts(stripe, CUSTOMERS)).hasSize(1);
    }

    @Test
    void unknownTenantIs404() {
      error(
          send(asTenant(request("post-checkout-pro-monthly.json"), "usr_unknown0")),
          404,
          "tenant_not_found");
      assertThat(requests(stripe)).isEmpty();
    }

    @Test
    void requestWithoutAuthorizerContextIs401() {
      error(send(request("post-checkout-no-authorizer-context.json")), 401, "unauthorized");
      assertThat(requests(stripe)).isEmpty();
    }
  }

  @Nested
  class Validation {
    @Test
    void foreignRedirectIsRefused() {
      JsonObject e =
          error(send(request("post-checkout-foreign-redirect.json")), 400, "redirect_not_allowed");

      assertThat(e.get("field").getAsString()).isEqualTo("success_url");
      assertThat(requests(stripe)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "{\"plan\":\"pro\",\"cancel_url\":\"http://www.example.com/pricing\"}|cancel_url|redirect_not_allowed",
          "{\"plan\":\"pro\",\"success_url\":\"https://www.example.com.evil.net/\"}|success_url|redirect_not_allowed",
          "{\"plan\":\"pro\",\"success_url\":\"//www.example.com/x\"}|success_url|invalid_field"
        })
    void redirectAllowList(String body, String field, String code) {
      JsonObject e =
          error(send(withBody(request("post-checkout-pro-monthly.json"), body)), 400, code);

      assertThat(e.get("field").getAsString()).isEqualTo(field);
      assertThat(requests(stripe)).isEmpty();
    }

    @Test
    void priceInjectionFromTheEventFileIsRefused() {
      JsonObject e =
          error(send(request("post-checkout-price-injection.json")), 400, "invalid_field");

      assertThat(e.get("field").getAsString()).isEqualTo("price");
      assertThat(requests(stripe)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "{\"plan\":\"pro\",\"price_id\":\"price_1AttackerCheap0001\"}|price_id",
          "{\"plan\":\"pro\",\"line_items\":[{\"price\":\"price_1AttackerCheap0001\",\"quantity\":1}]}|line_items",
          "{\"plan\":\"price_14K14PSb7kQ2wLn5JNF92G3q\"}|plan",
          "{\"plan\":\"pro\",\"quantity\":0}|quantity",
          "{\"plan\":\"pro\",\"quantity\":101}|quantity",
          "{\"plan\":\"pro\",\"quantity\":\"3\"}|quantity",
          "{\"plan\":[\"pro\"]}|plan",
          "{\"plan\":\"pro\",\"billing_cycle\":\"weekly\"}|billing_cycle",
          "{\"plan\":\"onboarding_workshop\",\"billing_cycle\":\"monthly\"}|billing_cycle",
          "{}|plan"
        })
    void priceInjectionAndWrongValuesNameTheField(String body, String field) {
      JsonObject e =
          error(
              send(withBody(request("post-checkout-pro-monthly.json"), body)),
              400,
              "invalid_field");

      assertThat(e.get("field").getAsString()).isEqualTo(field);
      assertThat(requests(stripe)).isEmpty();
    }

    @Test
    void malformedJsonIs400() {
      error(send(request("post-checkout-malformed-json.json")), 400, "invalid_json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"pro\"", "null", "plan=pro"})
    void bodyThatIsNotAJsonObjectIs400(String body) {
      error(send(withBody(request("post-checkout-pro-monthly.json"), body)), 400, "invalid_json");
    }

    @Test
    void otherMethodsAre405() {
      APIGatewayV2HTTPResponse response = send(request("get-checkout.json"));

      error(response, 405, "method_not_allowed");
      assertThat(response.getHeaders()).containsEntry("allow", "POST");
    }

    @Test
    void emptyInvocationIs400() {
      error(send(null), 400, "invalid_request");
    }
  }

  @Nested
  class ExistingSubscription {
    @Test
    void samePlanIsAlreadySubscribed() {
      subscribed("active", "pro", "monthly");

      JsonObject e =
          error(send(request("post-checkout-pro-monthly.json")), 409, "already_subscribed");

      assertThat(e.get("portal_path").getAsString()).isEqualTo("/billing/portal");
      assertThat(e.get("message").getAsString()).contains("portal");
      assertThat(requests(stripe)).isEmpty();
    }

    @Test
    void otherPlanIsChangedInThePortal() {
      subscribed("trialing", "starter", "monthly");

      JsonObject e =
          error(send(request("post-checkout-pro-monthly.json")), 409, "plan_change_via_portal");

      assertThat(e.get("portal_flow").getAsString()).isEqualTo("subscription_update");
    }

    @Test
    void oneTimeItemIsSoldDuringASubscription() {
      subscribed("past_due", "pro", "monthly");

      assertThat(send(request("post-checkout-onboarding-workshop.json")).getStatusCode())
          .isEqualTo(201);
    }

    @Test
    void canceledSubscriptionCanSubscribeAgain() {
      subscribed("canceled", "pro", "monthly");

      assertThat(send(request("post-checkout-pro-monthly.json")).getStatusCode()).isEqualTo(201);
    }
  }

  @Nested
  class RateLimit {
    @Test
    void sixthRequestInTenSecondsIs429WithRetryAfter() {
      for (int i = 0; i < 5; i++) {
        assertThat(send(request("post-checkout-onboarding-workshop.json")).getStatusCode())
            .isEqualTo(201);
      }

      APIGatewayV2HTTPResponse limited = send(request("post-checkout-onboarding-workshop.json"));

      JsonObject e = error(limited, 429, "rate_limited");
      assertThat(limited.getHeaders()).containsEntry("retry-after", "7");
      assertThat(e.get("retry_after_seconds").getAsString()).isEqualTo("7");
      assertThat(posts(stripe, CHECKOUT_SESSIONS)).hasSize(5);

      clock.advance(Duration.ofSeconds(7));
      assertThat(send(request("post-checkout-onboarding-workshop.json")).getStatusCode())
          .isEqualTo(201);
    }

    @Test
    void limitIsPerTenant() {
      for (int i = 0; i < 5; i++) {
        send(request("post-checkout-onboarding-workshop.json"));
      }

      assertThat(
              send(asTenant(request("post-checkout-onboarding-workshop.json"), GLOBEX))
                  .getStatusCode())
          .isEqualTo(201);
    }
  }

  @Nested
  class StripeFailures {
    @Test
    void stripe4xxIs502NamingStripesRequestId() {
      stubPost(stripe, CHECKOUT_SESSIONS, 404, "error-resource-missing.json", "req_Missing01");

      JsonObject e = error(send(request("post-checkout-pro-monthly.json")), 502, "stripe_error");

      assertThat(e.get("message").getAsString()).contains("req_Missing01");
      assertThat(e.get("stripe_request_id").getAsString()).isEqualTo("req_Missing01");
    }

    @Test
    void stripe5xxIs502AfterRetriesWithOneIdempotencyKey() {
      stubPost(stripe, CHECKOUT_SESSIONS, 500, "error-api.json", "req_Boom500");

      JsonObject e = error(send(request("post-checkout-pro-monthly.json")), 502, "stripe_error");

      assertThat(e.get("message").getAsString()).contains("req_Boom500");
      List<LoggedRequest> attempts = posts(stripe, CHECKOUT_SESSIONS);
      assertThat(attempts).hasSize(3);
      assertThat(attempts)
          .extracting(r -> r.getHeader("Idempotency-Key"))
          .containsOnly(attempts.getFirst().getHeader("Idempotency-Key"));
    }

    @Test
    void customerCreationFailureIs502AndLeavesTheTenantWithoutCustomer() {
      stripe
          .wireMock()
          .stubFor(
              post(urlPathEqualTo(CUSTOMERS))
                  .willReturn(StripeApi.json(500, "error-api.json", "req_CusBoom01")));

      error(send(request("post-checkout-pro-monthly.json")), 502, "stripe_error");

      assertThat(tenants.tenant(ACME).orElseThrow().stripeCustomerId()).isNull();
      assertThat(posts(stripe, CHECKOUT_SESSIONS)).isEmpty();
    }

    @Test
    void timeoutIs502() {
      stripe
          .wireMock()
          .stubFor(
              post(urlPathEqualTo(CHECKOUT_SESSIONS))
                  .willReturn(
                      StripeApi.json(200, "checkout.session.json", "req_Slow01")
                          .withFixedDelay(READ_TIMEOUT_MILLIS * 3)));

      JsonObject e = error(send(request("post-checkout-pro-monthly.json")), 502, "stripe_error");

      assertThat(e.get("message").getAsString()).contains("did not answer in time");
    }

    @Test
    void authenticationFailureNeverLeaksTheKey() {
      stubPost(stripe, CHECKOUT_SESSIONS, 401, "error-authentication.json", "req_Auth01");

      APIGatewayV2HTTPResponse response = send(request("post-checkout-pro-monthly.json"));

      error(response, 502, "stripe_error");
      assertThat(response.getBody()).doesNotContain("sk_test").doesNotContain("API Key");
    }

    @Test
    void clientUrlRefusedByStripeIs400OnThatField() {
      stubPost(stripe, CHECKOUT_SESSIONS, 400, "error-invalid-url.json", "req_InvalidUrl01");

      JsonObject e =
          error(send(request("post-checkout-starter-yearly-own-urls.json")), 400, "invalid_field");

      assertThat(e.get("field").getAsString()).isEqualTo("success_url");
    }
  }
}
