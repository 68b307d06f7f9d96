package app.billing.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.local.RunningStack.Response;
import app.billing.testkit.StripeSignatures;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route refuses bad input the way the deployed API would: API Gateway's answers, then the
 * functions'.
 */
class BadInputE2ET {
  private static final String EVENT =
      """
      {"id":"evt_1BadInputTest00000000000","object":"event","api_version":"2026-07-29.dahlia","created":%d,\
      "type":"customer.subscription.updated","livemode":false,"pending_webhooks":1,\
      "request":{"id":null,"idempotency_key":null},"data":{"object":{"id":"sub_1X","object":"subscription",\
      "customer":"cus_unknown","status":"active","metadata":{}}}}""";
  private static final String KEY_OF_NOBODY = "bk_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  @AutoClose private static RunningStack stack;

  @BeforeAll
  static void start() {
    stack = RunningStack.start("bad-input", Map.of());
  }

  @Test
  void webhookRefusesUnsignedTamperedAndNonEventBodies() {
    String event = EVENT.formatted(Instant.now().getEpochSecond());
    long now = Instant.now().getEpochSecond();

    Response unsigned =
        stack.post("/webhooks/stripe", Map.of("Content-Type", "application/json"), event);
    assertThat(unsigned.status()).isEqualTo(400);
    assertThat(unsigned.errorCode()).isEqualTo("missing_signature");

    Response wrongSecret =
        stack.post(
            "/webhooks/stripe",
            Map.of(
                "Content-Type",
                "application/json",
                "Stripe-Signature",
                StripeSignatures.header(event, "whsec_someoneElse", now)),
            event);
    assertThat(wrongSecret.status()).isEqualTo(400);
    assertThat(wrongSecret.errorCode()).isEqualTo("invalid_signature");

    Response tampered =
        stack.post(
            "/webhooks/stripe",
            Map.of(
                "Content-Type",
                "application/json",
                "Stripe-Signature",
                StripeSignatures.header(event, stack.info().webhookSecret(), now)),
            event.replace("\"active\"", "\"canceled\""));
    assertThat(tampered.status()).isEqualTo(400);
    assertThat(tampered.errorCode()).isEqualTo("invalid_signature");

    Response tooOld =
        stack.post(
            "/webhooks/stripe",
            Map.of(
                "Content-Type",
                "application/json",
                "Stripe-Signature",
                StripeSignatures.header(event, stack.info().webhookSecret(), now - 3600)),
            event);
    assertThat(tooOld.status()).isEqualTo(400);

    Response notJson = stack.deliverWebhook("this is not json");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.errorCode()).isEqualTo("invalid_event");

    // A body that is not text or JSON reaches the function base64-encoded and still verifies.
    String signature = StripeSignatures.header(event, stack.info().webhookSecret(), now);
    Response binary =
        stack.post(
            "/webhooks/stripe",
            Map.of("Content-Type", "application/octet-stream", "Stripe-Signature", signature),
            event);
    assertThat(binary.status()).isEqualTo(200);
    assertThat(binary.header("apigw-requestid")).isNotBlank();
  }

  @Test
  void checkoutValidatesTheBody() {
    Response unknownPlan = stack.postJsonWithKey("/billing/checkout", "{\"plan\":\"platinum\"}");
    assertThat(unknownPlan.status()).isEqualTo(400);
    assertThat(unknownPlan.object().toString()).contains("platinum");

    Response malformed = stack.postJsonWithKey("/billing/checkout", "{\"plan\":");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.errorCode()).isEqualTo("invalid_json");

    Response notJson = stack.postJsonWithKey("/billing/checkout", "plan=starter");
    assertThat(notJson.status()).isEqualTo(400);

    Response unknownField =
        stack.postJsonWithKey(
            "/billing/checkout", "{\"plan\":\"starter\",\"price_id\":\"price_x\"}");
    assertThat(unknownField.status()).isEqualTo(400);

    Response wrongCycle =
        stack.postJsonWithKey(
            "/billing/checkout", "{\"plan\":\"starter\",\"billing_cycle\":\"weekly\"}");
    assertThat(wrongCycle.status()).isEqualTo(400);

    Response foreignRedirect =
        stack.postJsonWithKey(
            "/billing/checkout",
            "{\"plan\":\"starter\",\"success_url\":\"https://evil.example/steal\"}");
    assertThat(foreignRedirect.status()).isEqualTo(400);
  }

  @Test
  void portalAndAccountValidateToo() {
    Response malformed = stack.postJsonWithKey("/billing/portal", "[1,");
    assertThat(malformed.status()).isEqualTo(400);

    Response noCustomerYet = stack.postJsonWithKey("/billing/portal", "{}");
    assertThat(noCustomerYet.status()).isEqualTo(409);

    Response badLimit = stack.getWithKey("/billing/payments?limit=abc");
    assertThat(badLimit.status()).isEqualTo(400);
  }

  @Test
  void protectedRoutesNeedAKnownApiKey() {
    for (String path : new String[] {"/billing/subscription", "/billing/payments"}) {
      Response missing = stack.get(path);
      assertThat(missing.status()).as(path).isEqualTo(401);
      assertThat(missing.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
    }
    Response missingOnPost =
        stack.post(
            "/billing/checkout",
            Map.of("Content-Type", "application/json"),
            "{\"plan\":\"starter\"}");
    assertThat(missingOnPost.status()).isEqualTo(401);

    // A key that is not ours: the authorizer says no, API Gateway answers 403.
    Response unknown =
        stack.post(
            "/billing/portal",
            Map.of("Authorization", "Bearer " + KEY_OF_NOBODY, "Content-Type", "application/json"),
            "{}");
    assertThat(unknown.status()).isEqualTo(403);
    assertThat(unknown.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    Response malformedKey =
        stack.post(
            "/billing/checkout",
            Map.of("Authorization", "Basic dXNlcjpwYXNz", "Content-Type", "application/json"),
            "{\"plan\":\"starter\"}");
    assertThat(malformedKey.status()).isEqualTo(403);

    // The public routes need none.
    assertThat(stack.get("/billing/plans").status()).isEqualTo(200);
  }

  @Test
  void unknownRoutesAndMethodsAre404() {
    for (String path :
        new String[] {
          "/billing", "/billing/plans/", "/billing/unknown", "/webhooks/stripe/x", "/_local/nope"
        }) {
      Response response = stack.get(path);
      assertThat(response.status()).as(path).isEqualTo(404);
      assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
    }
    // Routes are method + path: GET on a POST route does not exist.
    assertThat(stack.get("/webhooks/stripe").status()).isEqualTo(404);
    assertThat(stack.getWithKey("/billing/checkout").status()).isEqualTo(404);
    assertThat(stack.post("/billing/plans", Map.of(), "").status()).isEqualTo(404);
  }

  /** DNS rebinding: a page of evil.example resolving to 127.0.0.1 sends its own name as Host. */
  @Test
  void onlyLoopbackHostNamesAreAnswered() throws IOException {
    int port = URI.create(stack.info().baseUrl()).getPort();
    for (String host :
        new String[] {
          "127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "LocalHost", "127.0.0.1"
        }) {
      assertThat(rawGet(port, "/_local/health", host)).as(host).startsWith("HTTP/1.1 200");
    }
    for (String host :
        new String[] {
          "evil.example:" + port,
          "evil.example",
          "127.0.0.1.evil.example:" + port,
          "localhost.evil.example",
          "127.0.0.2:" + port,
          "[::2]:" + port,
          "localhost:" + port + "@evil.example",
          ""
        }) {
      for (String path : new String[] {"/", "/_local/emails", "/_local/events", "/billing/plans"}) {
        String response = rawGet(port, path, host);
        assertThat(response)
            .as(host + " " + path)
            .startsWith("HTTP/1.1 421")
            .contains("{\"error\":{\"code\":\"host_not_allowed\"")
            .doesNotContain(stack.info().apiKey());
      }
    }
    // An HTTP/1.0 request without a Host header names no host at all.
    assertThat(raw(port, "GET /_local/emails HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 421");
  }

  /** HttpClient refuses to set Host, so the request is written by hand. */
  private static String rawGet(int port, String path, String host) throws IOException {
    return raw(
        port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
  }

  private static String raw(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
