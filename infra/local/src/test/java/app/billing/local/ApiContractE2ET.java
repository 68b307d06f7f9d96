package app.billing.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.http.OpenApiDocument;
import app.billing.http.Routes;
import app.billing.local.RunningStack.Response;
import app.billing.testkit.OpenApiContract;
import app.billing.testkit.StripeSignatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The API answers as its OpenAPI document says, through the local stack's HTTP API (API Gateway's
 * own answers included): a table of requests drives every route into each status the stack can
 * produce, each real response is validated against the document's schema for its operation and
 * status, and the statuses produced plus those listed in {@link #NOT_PRODUCED_LOCALLY} (with the
 * reason) must be exactly the documented ones.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiContractE2ET {
  private static final OpenApiContract CONTRACT = new OpenApiContract(OpenApiDocument.text());
  private static final String KEY_OF_NOBODY = "bk_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  private static final String EVENT =
      """
      {"id":"evt_1ApiContractTest000000000","object":"event","api_version":"2026-07-29.dahlia",\
      "created":%d,"type":"customer.subscription.updated","livemode":false,"pending_webhooks":1,\
      "request":{"id":null,"idempotency_key":null},"data":{"object":{"id":"sub_1X",\
      "object":"subscription","customer":"cus_unknown","status":"active","metadata":{}}}}""";

  /**
   * Documented statuses the local stack cannot produce, and why (where another test produces them,
   * it is named).
   */
  private static final Map<String, String> NOT_PRODUCED_LOCALLY = notProducedLocally();

  @AutoClose private static RunningStack stack;

  /** Operation to statuses seen, every one validated against the document. */
  private static final Map<String, Set<Integer>> produced = new TreeMap<>();

  private static final List<String> problems = new ArrayList<>();

  @BeforeAll
  static void start() {
    stack =
        RunningStack.start(
            "api-contract", Map.of("CHECKOUT_RATE_LIMIT", "20", "PORTAL_RATE_LIMIT", "20"));
  }

  @Test
  @Order(1)
  void beforeTheFirstCheckout() {
    expect("POST /billing/sync", 409, () -> stack.postJsonWithKey("/billing/sync", ""));
    expect("POST /billing/portal", 409, () -> stack.postJsonWithKey("/billing/portal", "{}"));
    expect("GET /billing/subscription", 200, () -> stack.getWithKey("/billing/subscription"));
    expect("GET /billing/payments", 200, () -> stack.getWithKey("/billing/payments?limit=5"));
    expect("GET /billing/payments", 400, () -> stack.getWithKey("/billing/payments?limit=0"));
    expect("GET /billing/plans", 200, () -> stack.get("/billing/plans"));
    expect("GET /billing/openapi.json", 200, () -> stack.get("/billing/openapi.json"));
    // Usage before any subscription: refused by the catalog or the (missing) plan.
    String usage = "/billing/usage";
    expect("POST " + usage, 400, () -> stack.postJsonWithKey(usage, "{\"meter\":\"x\"}"));
    expect(
        "POST " + usage,
        409,
        () ->
            stack.postJsonWithKey(
                usage, "{\"meter\":\"emails_sent\",\"value\":1,\"idempotency_key\":\"c-1\"}"));
    expect("GET " + usage, 400, () -> stack.getWithKey(usage));
    expect("GET " + usage, 409, () -> stack.getWithKey(usage + "?meter=emails_sent"));
    Response page = stack.get("/_local/api");
    assertThat(page.status()).isEqualTo(200);
    assertThat(CONTRACT.operations())
        .allSatisfy(op -> assertThat(page.body()).contains("<code>" + op + "</code>"));
    assertThat(problems).isEmpty();
  }

  @Test
  @Order(2)
  void apiGatewaysOwnAnswers() {
    for (Routes.Route route : Routes.ALL) {
      String op = route.routeKey();
      if (route.authorized()) {
        expect(op, 401, () -> stack.send(route.method(), route.path(), Map.of(), ""));
        expect(
            op,
            403,
            () ->
                stack.send(
                    route.method(),
                    route.path(),
                    Map.of("Authorization", "Bearer " + KEY_OF_NOBODY),
                    ""));
      }
      String tooLarge = "x".repeat(10 * 1024 * 1024 + 1);
      expect(
          op,
          413,
          () ->
              stack.send(
                  route.method(),
                  route.path(),
                  Map.of("Authorization", "Bearer " + stack.info().apiKey()),
                  tooLarge));
    }
    Response unknown = stack.get("/billing/nothing-here");
    assertThat(unknown.status()).isEqualTo(404);
    problems.addAll(CONTRACT.checkComponentResponse("GatewayNotFound", unknown.body()));
    Response otherMethod = stack.post("/billing/plans", Map.of(), "");
    assertThat(otherMethod.status()).as("routes are method-specific").isEqualTo(404);
    problems.addAll(CONTRACT.checkComponentResponse("GatewayNotFound", otherMethod.body()));
    assertThat(problems).isEmpty();
  }

  @Test
  @Order(3)
  void webhook() {
    long now = Instant.now().getEpochSecond();
    String event = EVENT.formatted(now);
    expect("POST /webhooks/stripe", 200, () -> stack.deliverWebhook(event));
    expect(
        "POST /webhooks/stripe",
        400,
        () -> stack.post("/webhooks/stripe", Map.of("Content-Type", "application/json"), event));
    expect("POST /webhooks/stripe", 400, () -> stack.deliverWebhook("not json"));
    String big = "{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}";
    expect(
        "POST /webhooks/stripe",
        413,
        () ->
            stack.post(
                "/webhooks/stripe",
                Map.of(
                    "Stripe-Signature",
                    StripeSignatures.header(big, stack.info().webhookSecret(), now)),
                big));
    assertThat(problems).isEmpty();
  }

  @Test
  @Order(4)
  void checkoutPortalAndSync() {
    String checkout = "/billing/checkout";
    expect("POST " + checkout, 400, () -> stack.postJsonWithKey(checkout, "{\"plan\":"));
    expect(
        "POST " + checkout,
        400,
        () -> stack.postJsonWithKey(checkout, "{\"plan\":\"pro\",\"price_id\":\"price_1\"}"));
    expect(
        "POST " + checkout,
        400,
        () -> withKeyAndIdempotencyKey(checkout, "{\"plan\":\"pro\"}", "k".repeat(256)));
    Response opened = withKeyAndIdempotencyKey(checkout, "{\"plan\":\"pro\"}", "contract-1");
    expectResponse("POST " + checkout, 201, opened);
    expect(
        "POST " + checkout,
        409,
        () -> withKeyAndIdempotencyKey(checkout, "{\"plan\":\"starter\"}", "contract-1"));

    // A one-time item: the open subscription checkout above holds the tenant's checkout lock.
    stripeRateLimit("/v1/checkout/sessions");
    expect(
        "POST " + checkout,
        502,
        () -> stack.postJsonWithKey(checkout, "{\"plan\":\"onboarding_workshop\"}"));
    stripeRateLimit("/v1/none");

    // A customer exists now, a subscription not yet.
    expect(
        "POST /billing/portal",
        409,
        () -> stack.postJsonWithKey("/billing/portal", "{\"flow\":\"subscription_cancel\"}"));
    expect(
        "POST /billing/portal",
        400,
        () -> stack.postJsonWithKey("/billing/portal", "{\"flow\":\"everything\"}"));
    expect("POST /billing/portal", 201, () -> stack.postJsonWithKey("/billing/portal", "{}"));

    // The tenant's one open subscription checkout (CheckoutLock) is contract-1's: we pay it.
    String checkoutUrl = opened.object().get("checkout_url").getAsString();
    assertThat(stack.postForm(checkoutUrl + "/pay", Map.of()).status()).isEqualTo(303);
    expect("POST /billing/sync", 200, () -> stack.postJsonWithKey("/billing/sync", ""));
    expect(
        "POST " + checkout, 409, () -> stack.postJsonWithKey(checkout, "{\"plan\":\"starter\"}"));

    // Stripe refusing (its 429): ours is a 502 naming Stripe's failure.
    stripeRateLimit("/v1/billing_portal/sessions");
    expect("POST /billing/portal", 502, () -> stack.postJsonWithKey("/billing/portal", "{}"));
    stripeRateLimit("/v1/subscriptions");
    expect("POST /billing/sync", 502, () -> stack.postJsonWithKey("/billing/sync", ""));
    stripeRateLimit("/v1/none");
    assertThat(problems).isEmpty();
  }

  @Test
  @Order(5)
  void perTenantRateLimits() {
    for (String path : List.of("/billing/sync", "/billing/portal", "/billing/checkout")) {
      String body = path.endsWith("checkout") ? "{\"plan\":\"pro\"}" : "";
      // A limit of 20 per 10 s window: 41 quick calls cannot all fit in two windows.
      for (int i = 0; i < 41; i++) {
        Response response = stack.postJsonWithKey(path, body);
        if (response.status() == 429) {
          expectResponse("POST " + path, 429, response);
          assertThat(response.header("retry-after")).isNotBlank();
          break;
        }
      }
      assertThat(produced.get("POST " + path)).as(path).contains(429);
    }
    assertThat(problems).isEmpty();
  }

  @Test
  @Order(6)
  void everyDocumentedStatusIsProducedOrExplainedAndNothingUndocumentedWasSeen() {
    List<String> missing = new ArrayList<>();
    List<String> explainedButProduced = new ArrayList<>();
    for (String op : CONTRACT.operations()) {
      for (int status : CONTRACT.statuses(op)) {
        boolean seen = produced.getOrDefault(op, Set.of()).contains(status);
        boolean explained = NOT_PRODUCED_LOCALLY.containsKey(op + " " + status);
        if (!seen && !explained) {
          missing.add(op + " " + status);
        }
        if (seen && explained) {
          explainedButProduced.add(op + " " + status);
        }
      }
    }
    assertThat(CONTRACT.check("GET /billing/plans", 200, "{}"))
        .as("a check that can fail")
        .isNotEmpty();
    assertThat(missing).as("documented, never produced, not explained").isEmpty();
    assertThat(explainedButProduced)
        .as("produced here: drop it from NOT_PRODUCED_LOCALLY")
        .isEmpty();
    assertThat(problems).isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  private static void expect(String operation, int status, Supplier<Response> request) {
    Response response = request.get();
    assertThat(response.status()).as("%s: %s", operation, response.body()).isEqualTo(status);
    expectResponse(operation, status, response);
  }

  private static void expectResponse(String operation, int status, Response response) {
    problems.addAll(CONTRACT.check(operation, response.status(), response.body()));
    produced.computeIfAbsent(operation, o -> new TreeSet<>()).add(status);
  }

  private static Response withKeyAndIdempotencyKey(String path, String json, String key) {
    return stack.post(
        path,
        Map.of(
            "Authorization",
            "Bearer " + stack.info().apiKey(),
            "Content-Type",
            "application/json",
            "Idempotency-Key",
            key),
        json);
  }

  private static void stripeRateLimit(String pathPrefix) {
    Response response =
        stack.post(
            "/_local/stripe/rate-limit",
            Map.of("Content-Type", "application/json"),
            "{\"requests\": 10, \"path\": \"" + pathPrefix + "\"}");
    assertThat(response.status()).as(response.body()).isLessThan(300);
  }

  private static Map<String, String> notProducedLocally() {
    Map<String, String> reasons = new TreeMap<>();
    for (Routes.Route route : Routes.ALL) {
      String op = route.routeKey();
      reasons.put(op + " 500", "a function bug or failure; the functions' own tests produce it");
      reasons.put(op + " 503", "API Gateway's integration timeout; not emulated");
      reasons.put(op + " 504", "API Gateway cannot reach the integration; not emulated");
      if (!Set.of("POST /billing/checkout", "POST /billing/portal", "POST /billing/sync")
          .contains(op)) {
        reasons.put(op + " 429", "API Gateway's route throttling; not emulated");
      }
    }
    for (String op :
        List.of("POST /billing/checkout", "POST /billing/portal", "POST /billing/sync")) {
      reasons.put(
          op + " 404",
          "tenant_not_found needs a key whose tenant has no profile (CheckoutHandlerIT,"
              + " PortalHandlerIT)");
    }
    reasons.put("POST /billing/usage 202", "needs a paid Pro subscription; UsageE2ET produces it");
    reasons.put("GET /billing/usage 200", "needs a paid Pro subscription; UsageE2ET produces it");
    reasons.put("POST /billing/usage 502", "a Stripe failure on meter events; UsageHandlerIT");
    reasons.put("GET /billing/usage 502", "a Stripe failure on meter summaries; UsageHandlerIT");
    return reasons;
  }
}
