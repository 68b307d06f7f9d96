package app.billing.account.handler;

import static app.billing.account.Requests.STORY_TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.account.Requests;
import app.billing.account.StubBillingStore;
import app.billing.core.access.AccessPolicy;
import app.billing.core.account.AccountService;
import app.billing.core.catalog.Catalog;
import app.billing.core.log.LogKeys;
import app.billing.core.model.EventVersion;
import app.billing.core.port.PaymentHistory;
import app.billing.core.testdata.PaymentRecords;
import app.billing.core.testdata.SubscriptionRecords;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.slf4j.MDC;

/** Routing, authorization and error mapping, with the store and payment history stubbed. */
class AccountHandlerTest {
  static final Instant NOW = Instant.parse("2026-10-20T12:00:00Z");
  static final EventVersion V = new EventVersion(1_790_000_000L, "evt_1");

  final StubBillingStore store = new StubBillingStore();
  final List<String> historyCalls = new ArrayList<>();
  final PaymentHistory history =
      (tenantId, limit, cursor) -> {
        historyCalls.add(tenantId + " " + limit + " " + cursor.orElse("-"));
        if (cursor.isPresent() && !cursor.get().equals("next")) {
          throw new PaymentHistory.InvalidCursorException("unknown cursor");
        }
        return new PaymentHistory.Page(store.payments(tenantId), Optional.empty());
      };
  final AccountHandler handler =
      new AccountHandler(
          new AccountService(
              store,
              store,
              history,
              catalog(),
              new AccessPolicy(Duration.ofDays(7)),
              Clock.fixed(NOW, ZoneOffset.UTC)));

  @Test
  void subscriptionOfTheAuthorizersTenant() {
    store.subscriptions.put(
        STORY_TENANT,
        SubscriptionRecords.active()
            .tenant(STORY_TENANT)
            .customer("cus_1")
            .subscription("sub_1")
            .plan("pro")
            .price("price_14K14PSb7kQ2wLn5JNF92G3q")
            .periodStart(NOW)
            .periodEnd(NOW.plus(Duration.ofDays(30)))
            .version(V)
            .build());

    APIGatewayV2HTTPResponse response =
        handler.handleRequest(Requests.request("get-subscription.json"), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeaders())
        .containsEntry("content-type", "application/json")
        .containsEntry("cache-control", "no-store");
    JsonObject body = json(response);
    assertThat(body.get("tenant_id").getAsString()).isEqualTo(STORY_TENANT);
    assertThat(body.get("plan").getAsString()).isEqualTo("pro");
    assertThat(body.get("access").getAsString()).isEqualTo("full");
    assertThat(body.get("current_period_start").getAsString()).isEqualTo("2026-10-20T12:00:00Z");
  }

  @Test
  void tenantWithoutSubscriptionGets200StatusNone() {
    APIGatewayV2HTTPResponse response =
        handler.handleRequest(Requests.subscription("usr_new"), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(json(response).get("status").getAsString()).isEqualTo("none");
    assertThat(json(response).get("access").getAsString()).isEqualTo("none");
  }

  @ParameterizedTest
  @Events(
      events = {
        @Event("events/account/get-subscription-no-authorizer-context.json"),
        @Event("events/account/get-payments-no-authorizer-context.json")
      },
      type = APIGatewayV2HTTPEvent.class)
  void withoutAuthorizerContextTheTenantRoutesAre401(APIGatewayV2HTTPEvent request) {
    APIGatewayV2HTTPResponse response = handler.handleRequest(request, null);

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(errorCode(response)).isEqualTo("unauthorized");
    assertThat(historyCalls).isEmpty();
  }

  @Test
  void aTenantInTheQueryStringOrHeadersIsIgnored() {
    APIGatewayV2HTTPEvent request = Requests.payments(STORY_TENANT, null, null);
    request.setQueryStringParameters(java.util.Map.of("tenantId", "usr_other"));
    request.setHeaders(new java.util.HashMap<>(request.getHeaders()));
    request.getHeaders().put("x-tenant-id", "usr_other");

    handler.handleRequest(request, null);

    assertThat(historyCalls).containsExactly(STORY_TENANT + " 20 -");
  }

  @Test
  void paymentsPassLimitAndCursor() {
    store.payments.put(
        STORY_TENANT,
        List.of(
            PaymentRecords.invoice()
                .tenant(STORY_TENANT)
                .id("in_1")
                .customer("cus_1")
                .amount(4900)
                .status("open")
                .description("Pro")
                .created(NOW)
                .hostedUrl("https://invoice.stripe.com/i/1")
                .version(V)
                .build()));

    APIGatewayV2HTTPResponse response =
        handler.handleRequest(Requests.payments(STORY_TENANT, "5", "next"), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(historyCalls).containsExactly(STORY_TENANT + " 5 next");
    JsonObject body = json(response);
    assertThat(body.get("has_more").getAsBoolean()).isFalse();
    assertThat(body.get("next_cursor").isJsonNull()).isTrue();
    JsonObject payment = body.getAsJsonArray("data").get(0).getAsJsonObject();
    assertThat(payment.get("id").getAsString()).isEqualTo("in_1");
    assertThat(payment.get("type").getAsString()).isEqualTo("invoice");
    assertThat(payment.get("created").getAsString()).isEqualTo("2026-10-20T12:00:00Z");
  }

  @Test
  void badLimitIs400NamingLimit() {
    for (String limit : List.of("0", "101", "ten")) {
      APIGatewayV2HTTPResponse response =
          handler.handleRequest(Requests.payments(STORY_TENANT, limit, null), null);

      assertThat(response.getStatusCode()).isEqualTo(400);
      assertThat(error(response).get("field").getAsString()).isEqualTo("limit");
    }
    assertThat(historyCalls).isEmpty();
  }

  @Test
  void badCursorIs400NamingCursor() {
    APIGatewayV2HTTPResponse response =
        handler.handleRequest(Requests.payments(STORY_TENANT, null, "forged"), null);

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(errorCode(response)).isEqualTo("invalid_field");
    assertThat(error(response).get("field").getAsString()).isEqualTo("cursor");
  }

  @Test
  void plansArePublicAndHideStripePriceIds() {
    APIGatewayV2HTTPResponse response = handler.handleRequest(Requests.plans(), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(json(response).getAsJsonArray("data")).hasSize(3);
    assertThat(response.getBody()).doesNotContain("price_");
  }

  @Test
  void theOpenApiDocumentIsPublic() {
    APIGatewayV2HTTPEvent event = Requests.plans();
    event.setRouteKey("GET /billing/openapi.json");
    event.setRawPath("/billing/openapi.json");

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
    assertThat(json(response).get("openapi").getAsString()).isEqualTo("3.1.0");
    assertThat(json(response).getAsJsonObject("paths").has("/billing/openapi.json")).isTrue();
  }

  @Test
  void anotherMethodOnAKnownRouteIs405WithAllow() {
    APIGatewayV2HTTPResponse response =
        handler.handleRequest(Requests.request("post-subscription.json"), null);

    assertThat(response.getStatusCode()).isEqualTo(405);
    assertThat(response.getHeaders()).containsEntry("allow", "GET");
    assertThat(errorCode(response)).isEqualTo("method_not_allowed");
  }

  @Test
  void unknownRouteIs404() {
    APIGatewayV2HTTPResponse response =
        handler.handleRequest(Requests.request("get-unknown-route.json"), null);

    assertThat(response.getStatusCode()).isEqualTo(404);
    assertThat(errorCode(response)).isEqualTo("not_found");
  }

  @Test
  void catchAllRouteKeysRouteOnTheRawPathWithoutStageOrTrailingSlash() {
    APIGatewayV2HTTPEvent staged = Requests.plans();
    staged.setRouteKey("$default");
    staged.setRawPath("/prod/billing/plans/");
    staged.getRequestContext().setStage("prod");

    assertThat(handler.handleRequest(staged, null).getStatusCode()).isEqualTo(200);

    APIGatewayV2HTTPEvent proxy = Requests.plans();
    proxy.setRouteKey("ANY /billing/{proxy+}");
    proxy.setRawPath("/billing/nothing-here");
    assertThat(handler.handleRequest(proxy, null).getStatusCode()).isEqualTo(404);
  }

  @Test
  void emptyEventIs400() {
    APIGatewayV2HTTPResponse response = handler.handleRequest(null, null);

    assertThat(response.getStatusCode()).isEqualTo(400);
  }

  @Test
  void storeFailureIs500WithoutDetailsAndTheLogContextIsCleared() {
    store.failure = new IllegalStateException("DynamoDB said no: arn:aws:dynamodb:secret-table");

    APIGatewayV2HTTPResponse response =
        handler.handleRequest(Requests.subscription(STORY_TENANT), null);

    assertThat(response.getStatusCode()).isEqualTo(500);
    assertThat(errorCode(response)).isEqualTo("internal_error");
    assertThat(response.getBody()).doesNotContain("DynamoDB");
    assertThat(MDC.get(LogKeys.TENANT_ID)).isNull();
    assertThat(MDC.get(LogKeys.ROUTE)).isNull();
  }

  static JsonObject json(APIGatewayV2HTTPResponse response) {
    return JsonParser.parseString(response.getBody()).getAsJsonObject();
  }

  static JsonObject error(APIGatewayV2HTTPResponse response) {
    return json(response).getAsJsonObject("error");
  }

  static String errorCode(APIGatewayV2HTTPResponse response) {
    return error(response).get("code").getAsString();
  }

  static Catalog catalog() {
    try {
      return Catalog.fromResource(Catalog.RESOURCE);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
