package app.billing.account.handler;

import static app.billing.account.Requests.STORY_TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import app.billing.account.AccountConfig;
import app.billing.account.Requests;
import app.billing.account.StoryTables;
import app.billing.core.model.EventVersion;
import app.billing.core.testdata.EntitlementsRecords;
import app.billing.core.testdata.PaymentRecords;
import app.billing.core.testdata.SubscriptionRecords;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.testkit.story.Story;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The read API over what provisioning wrote: the fixture story run through the provisioning handler
 * into dynalite, then read back through {@link AccountHandler} with the production wiring ({@link
 * AccountWiring}: DynamoBillingStore and DynamoPaymentsPage) and requests from {@code
 * events/account/}.
 */
class AccountApiIT {
  /** After the whole story (its last event is 2026-11-05). */
  static final Instant AFTER_STORY = Instant.parse("2026-12-01T09:00:00Z");

  /** The story's subscription went past due with event 23. */
  static final Instant PAST_DUE_SINCE = Instant.parse("2026-10-15T15:03:17Z");

  static final String OTHER_TENANT = "usr_0b7d9e41";

  @AutoClose static StoryTables engines;

  /** The whole story for {@link Requests#STORY_TENANT}, plus a second tenant's records. */
  static String storyTable;

  /** The story up to event 23: subscription past due. */
  static String pastDueTable;

  @BeforeAll
  static void runTheStory() {
    engines = new StoryTables();
    storyTable = engines.storyUpTo(Story.CUSTOMER_DELETED);
    pastDueTable = engines.storyUpTo(Story.WENT_PAST_DUE);
    writeOtherTenant(new DynamoBillingStore(engines.dynamo, storyTable));
  }

  // --- GET /billing/subscription ---

  @Test
  void subscriptionIsWhatTheStoryLeftCanceledProWithoutAccess() {
    APIGatewayV2HTTPResponse response =
        handler(storyTable, AFTER_STORY)
            .handleRequest(Requests.request("get-subscription.json"), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(json(response))
        .isEqualTo(
            JsonParser.parseString(
                """
        {"tenant_id": "usr_8f3a1c2e", "stripe_customer_id": "cus_1BREyS0ms3pllo",
         "plan": "pro", "plan_name": "Pro", "status": "canceled", "access": "none", "access_until": null,
         "features": [], "limits": {}, "entitlements": [],
         "current_period_start": "2026-10-15T14:03:12Z", "current_period_end": "2026-11-15T14:03:12Z",
         "trial_end": "2026-09-15T14:03:12Z", "cancel_at_period_end": false, "cancel_at": null,
         "canceled_at": "2026-10-29T15:04:31Z", "credits_balance": 5,
         "subscriptions": [{"id": "sub_1hNEdcSb7kQ2wLn5P4c3ZkD7", "plan": "pro", "plan_name": "Pro",
           "status": "canceled", "access": "none", "access_until": null, "billing_cycle": "monthly",
           "quantity": 1, "current_period_start": "2026-10-15T14:03:12Z",
           "current_period_end": "2026-11-15T14:03:12Z", "trial_end": "2026-09-15T14:03:12Z",
           "cancel_at_period_end": false, "cancel_at": null, "canceled_at": "2026-10-29T15:04:31Z"}]}
        """));
  }

  @Test
  void pastDueWithinGraceHasGraceAccessUntilSevenDaysAfterItWentPastDue() {
    JsonObject body =
        json(
            handler(pastDueTable, Instant.parse("2026-10-18T00:00:00Z"))
                .handleRequest(Requests.subscription(STORY_TENANT), null));

    assertThat(body.get("status").getAsString()).isEqualTo("past_due");
    assertThat(body.get("access").getAsString()).isEqualTo("grace");
    assertThat(body.get("access_until").getAsString()).isEqualTo("2026-10-22T15:03:17Z");
    assertThat(body.get("plan").getAsString()).isEqualTo("pro");
    assertThat(strings(body.get("features")))
        .containsExactly("core_app", "priority_support", "advanced_reports");
    assertThat(body.getAsJsonObject("limits").get("seats").getAsLong()).isEqualTo(20);
    assertThat(strings(body.get("entitlements"))).isNotEmpty();
  }

  @Test
  void pastDueAfterGraceHasNoAccess() {
    JsonObject body =
        json(
            handler(pastDueTable, Instant.parse("2026-10-22T15:03:17Z"))
                .handleRequest(Requests.subscription(STORY_TENANT), null));

    assertThat(body.get("status").getAsString()).isEqualTo("past_due");
    assertThat(body.get("access").getAsString()).isEqualTo("none");
    assertThat(body.get("access_until").isJsonNull()).isTrue();
    assertThat(body.getAsJsonArray("features")).isEmpty();
  }

  @Test
  void graceDaysComeFromTheEnvironment() {
    AccountHandler oneDay =
        AccountWiring.build(
            AccountConfig.fromEnvironment(
                Map.of("BILLING_TABLE", pastDueTable, "PAST_DUE_GRACE_DAYS", "1")),
            new AccountWiring.Clients(engines.dynamo),
            Clock.fixed(Instant.parse("2026-10-16T15:03:16Z"), ZoneOffset.UTC));

    JsonObject body = json(oneDay.handleRequest(Requests.subscription(STORY_TENANT), null));

    assertThat(body.get("access").getAsString()).isEqualTo("grace");
    assertThat(body.get("access_until").getAsString())
        .isEqualTo(PAST_DUE_SINCE.plusSeconds(86_400).toString());
  }

  @Test
  void aTenantWithoutRecordsGets200StatusNone() {
    APIGatewayV2HTTPResponse response =
        handler(storyTable, AFTER_STORY)
            .handleRequest(Requests.subscription("usr_never_subscribed"), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    JsonObject body = json(response);
    assertThat(body.get("status").getAsString()).isEqualTo("none");
    assertThat(body.get("access").getAsString()).isEqualTo("none");
    assertThat(body.get("stripe_customer_id").isJsonNull()).isTrue();
    assertThat(body.get("credits_balance").getAsLong()).isZero();
  }

  // --- GET /billing/payments ---

  @Test
  void paymentsAreTheStorysFourNewestFirst() {
    APIGatewayV2HTTPResponse response =
        handler(storyTable, AFTER_STORY).handleRequest(Requests.request("get-payments.json"), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    JsonObject body = json(response);
    assertThat(body.get("has_more").getAsBoolean()).isFalse();
    assertThat(body.get("next_cursor").isJsonNull()).isTrue();
    assertThat(payments(body))
        .extracting(
            p -> p.get("id").getAsString(),
            p -> p.get("type").getAsString(),
            p -> p.get("amount").getAsLong(),
            p -> p.get("amount_paid").getAsLong(),
            p -> p.get("status").getAsString(),
            p -> p.get("created").getAsString())
        .containsExactly(
            tuple(
                "in_1plsy9Sb7kQ2wLn5JjcU8pZL",
                "invoice",
                7400L,
                0L,
                "open",
                "2026-10-15T14:03:13Z"),
            tuple(
                "cs_test_a1eH2EQrk2NxSAyAscvcTEoBBIJpAumWGq6HSCllU7XQH04siu",
                "purchase",
                29900L,
                29900L,
                "paid",
                "2026-09-24T10:10:02Z"),
            tuple(
                "in_1EdOa0Sb7kQ2wLn5qNYRnupO",
                "invoice",
                1900L,
                1900L,
                "paid",
                "2026-09-15T14:03:13Z"),
            tuple(
                "in_1iABvdSb7kQ2wLn5zGfewdWe", "invoice", 0L, 0L, "paid", "2026-09-01T14:03:54Z"));
    JsonObject renewal = payments(body).get(0);
    assertThat(renewal.get("currency").getAsString()).isEqualTo("usd");
    assertThat(renewal.get("hosted_invoice_url").getAsString())
        .startsWith("https://invoice.stripe.com/i/");
    assertThat(renewal.get("invoice_pdf").getAsString())
        .startsWith("https://pay.stripe.com/invoice/");
    JsonObject purchase = payments(body).get(1);
    assertThat(purchase.get("description").getAsString()).isEqualTo("Onboarding workshop");
    assertThat(purchase.get("hosted_invoice_url").isJsonNull()).isTrue();
  }

  @Test
  void limitOneWalksAllFourPaymentsThroughCursors() {
    AccountHandler handler = handler(storyTable, AFTER_STORY);
    List<String> ids = new ArrayList<>();
    List<String> cursors = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 10; page++) {
      JsonObject body =
          json(handler.handleRequest(Requests.payments(STORY_TENANT, "1", cursor), null));
      assertThat(body.getAsJsonArray("data")).hasSize(1);
      ids.add(payments(body).get(0).get("id").getAsString());
      if (!body.get("has_more").getAsBoolean()) {
        assertThat(body.get("next_cursor").isJsonNull()).isTrue();
        break;
      }
      cursor = body.get("next_cursor").getAsString();
      cursors.add(cursor);
    }

    assertThat(ids)
        .containsExactly(
            "in_1plsy9Sb7kQ2wLn5JjcU8pZL",
            "cs_test_a1eH2EQrk2NxSAyAscvcTEoBBIJpAumWGq6HSCllU7XQH04siu",
            "in_1EdOa0Sb7kQ2wLn5qNYRnupO",
            "in_1iABvdSb7kQ2wLn5zGfewdWe");
    assertThat(cursors).hasSize(3).allSatisfy(c -> assertThat(c).matches("[A-Za-z0-9_-]+"));
    assertThat(decode(cursors.get(0)))
        .isEqualTo("PAYMENT#001792072993#in_1plsy9Sb7kQ2wLn5JjcU8pZL");
  }

  @Test
  void aPageThatEndsExactlyAtTheLastPaymentHasNoMore() {
    AccountHandler handler = handler(storyTable, AFTER_STORY);
    JsonObject first =
        json(handler.handleRequest(Requests.payments(STORY_TENANT, "2", null), null));
    JsonObject second =
        json(
            handler.handleRequest(
                Requests.payments(STORY_TENANT, "2", first.get("next_cursor").getAsString()),
                null));
    JsonObject all = json(handler.handleRequest(Requests.payments(STORY_TENANT, "4", null), null));

    assertThat(first.get("has_more").getAsBoolean()).isTrue();
    assertThat(payments(second))
        .extracting(p -> p.get("id").getAsString())
        .containsExactly("in_1EdOa0Sb7kQ2wLn5qNYRnupO", "in_1iABvdSb7kQ2wLn5zGfewdWe");
    assertThat(second.get("has_more").getAsBoolean()).isFalse();
    assertThat(all.get("has_more").getAsBoolean()).isFalse();
    assertThat(all.getAsJsonArray("data")).hasSize(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "101", "-5", "twenty", "2.5"})
  void badLimitIs400NamingLimit(String limit) {
    APIGatewayV2HTTPResponse response =
        handler(storyTable, AFTER_STORY)
            .handleRequest(Requests.payments(STORY_TENANT, limit, null), null);

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(json(response).getAsJsonObject("error").get("field").getAsString())
        .isEqualTo("limit");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not base64!",
        "%%%",
        "U1VCU0NSSVBUSU9O",
        "UEFZTUVOVCNhYmMjaW5fMQ",
        "VEVOQU5UI3Vzcl8wYjdkOWU0MQ",
        "UEFZTUVOVCMwMDE3OTIwNzI5OTMjaW5fMSNleHRyYQ"
      })
  void aCursorThatIsNotAPaymentPositionIs400NamingCursor(String cursor) {
    // SUBSCRIPTION, PAYMENT#abc#in_1, TENANT#usr_0b7d9e41, PAYMENT#...#in_1#extra
    APIGatewayV2HTTPResponse response =
        handler(storyTable, AFTER_STORY)
            .handleRequest(Requests.payments(STORY_TENANT, null, cursor), null);

    assertThat(response.getStatusCode()).isEqualTo(400);
    JsonObject error = json(response).getAsJsonObject("error");
    assertThat(error.get("code").getAsString()).isEqualTo("invalid_field");
    assertThat(error.get("field").getAsString()).isEqualTo("cursor");
  }

  // --- tenant isolation ---

  @Test
  void eachTenantReadsOnlyItsOwnRecords() {
    AccountHandler handler = handler(storyTable, AFTER_STORY);

    JsonObject other = json(handler.handleRequest(Requests.subscription(OTHER_TENANT), null));
    JsonObject mine = json(handler.handleRequest(Requests.subscription(STORY_TENANT), null));
    List<String> otherPayments =
        ids(json(handler.handleRequest(Requests.payments(OTHER_TENANT, null, null), null)));
    List<String> myPayments =
        ids(json(handler.handleRequest(Requests.payments(STORY_TENANT, null, null), null)));

    assertThat(other.get("tenant_id").getAsString()).isEqualTo(OTHER_TENANT);
    assertThat(other.get("plan").getAsString()).isEqualTo("starter");
    assertThat(other.get("access").getAsString()).isEqualTo("full");
    assertThat(other.get("credits_balance").getAsLong()).isEqualTo(2);
    assertThat(mine.get("plan").getAsString()).isEqualTo("pro");
    assertThat(mine.get("credits_balance").getAsLong()).isEqualTo(5);
    assertThat(otherPayments).containsExactly("in_other_3", "in_other_2", "in_other_1");
    assertThat(myPayments).hasSize(4).noneMatch(id -> id.startsWith("in_other"));
  }

  @Test
  void anotherTenantsCursorNeverReadsThatTenantsPayments() {
    AccountHandler handler = handler(storyTable, AFTER_STORY);
    String otherCursor =
        json(handler.handleRequest(Requests.payments(OTHER_TENANT, "1", null), null))
            .get("next_cursor")
            .getAsString();
    String myCursor =
        json(handler.handleRequest(Requests.payments(STORY_TENANT, "1", null), null))
            .get("next_cursor")
            .getAsString();

    // B's cursor (after in_other_3, 2026-10-20) in A's request positions inside A's payments only.
    JsonObject mineWithOtherCursor =
        json(handler.handleRequest(Requests.payments(STORY_TENANT, "100", otherCursor), null));
    JsonObject otherWithMyCursor =
        json(handler.handleRequest(Requests.payments(OTHER_TENANT, "100", myCursor), null));

    assertThat(ids(mineWithOtherCursor))
        .containsExactly(
            "in_1plsy9Sb7kQ2wLn5JjcU8pZL",
            "cs_test_a1eH2EQrk2NxSAyAscvcTEoBBIJpAumWGq6HSCllU7XQH04siu",
            "in_1EdOa0Sb7kQ2wLn5qNYRnupO",
            "in_1iABvdSb7kQ2wLn5zGfewdWe");
    assertThat(ids(otherWithMyCursor)).containsExactly("in_other_2", "in_other_1");
  }

  @Test
  void aCursorNamingAnotherTenantIsRefused() {
    // Even a hand-made cursor holding another tenant's partition key is not a payment position.
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("TENANT#" + OTHER_TENANT + "|PAYMENT#001800000000#in_other_3")
                    .getBytes(StandardCharsets.UTF_8));

    APIGatewayV2HTTPResponse response =
        handler(storyTable, AFTER_STORY)
            .handleRequest(Requests.payments(STORY_TENANT, null, forged), null);

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(response.getBody()).doesNotContain("in_other");
  }

  // --- GET /billing/plans, routing ---

  @Test
  void plansArePublic() {
    APIGatewayV2HTTPResponse response =
        handler(storyTable, AFTER_STORY).handleRequest(Requests.request("get-plans.json"), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    JsonObject body = json(response);
    assertThat(body.getAsJsonArray("data").asList())
        .extracting(p -> p.getAsJsonObject().get("key").getAsString())
        .containsExactly("starter", "pro", "onboarding_workshop");
    assertThat(response.getBody()).doesNotContain("price_");
  }

  @Test
  void unknownRouteIs404AndAnotherMethodIs405() {
    AccountHandler handler = handler(storyTable, AFTER_STORY);

    assertThat(
            handler.handleRequest(Requests.request("get-unknown-route.json"), null).getStatusCode())
        .isEqualTo(404);
    assertThat(
            handler.handleRequest(Requests.request("post-subscription.json"), null).getStatusCode())
        .isEqualTo(405);
  }

  // --- helpers ---

  static AccountHandler handler(String table, Instant now) {
    Map<String, String> env = new HashMap<>();
    env.put("BILLING_TABLE", table);
    return AccountWiring.build(
        AccountConfig.fromEnvironment(env),
        new AccountWiring.Clients(engines.dynamo),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  /**
   * A second tenant in the same table: active Starter, three invoices around the story's dates, 2
   * credits.
   */
  static void writeOtherTenant(DynamoBillingStore store) {
    EventVersion v = new EventVersion(1_790_000_000L, "evt_other");
    store.saveSubscription(
        SubscriptionRecords.active()
            .tenant(OTHER_TENANT)
            .customer("cus_other")
            .subscription("sub_other")
            .plan("starter")
            .price("price_1YVHXZSb7kQ2wLn572xB0pDK")
            .period(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-12-20T00:00:00Z"))
            .version(v)
            .build(),
        false);
    store.saveEntitlements(
        EntitlementsRecords.granted("core_app")
            .tenant(OTHER_TENANT)
            .customer("cus_other")
            .version(v)
            .build(),
        false);
    store.grantCredits(OTHER_TENANT, "cs_other", 2, Instant.parse("2026-10-01T00:00:00Z"));
    List.of("2026-09-02T00:00:00Z", "2026-09-20T00:00:00Z", "2026-10-20T00:00:00Z")
        .forEach(
            created -> {
              String id =
                  "in_other_"
                      + (List.of(
                                  "2026-09-02T00:00:00Z",
                                  "2026-09-20T00:00:00Z",
                                  "2026-10-20T00:00:00Z")
                              .indexOf(created)
                          + 1);
              store.savePayment(
                  PaymentRecords.invoice()
                      .tenant(OTHER_TENANT)
                      .id(id)
                      .customer("cus_other")
                      .paid(1900)
                      .status("paid")
                      .description("Starter (monthly)")
                      .created(Instant.parse(created))
                      .hostedUrl("https://invoice.stripe.com/i/" + id)
                      .pdfUrl("https://pay.stripe.com/invoice/" + id + "/pdf")
                      .billingReason("subscription_cycle")
                      .subscription("sub_other")
                      .version(v)
                      .build(),
                  false);
            });
  }

  static JsonObject json(APIGatewayV2HTTPResponse response) {
    return JsonParser.parseString(response.getBody()).getAsJsonObject();
  }

  static List<JsonObject> payments(JsonObject page) {
    return page.getAsJsonArray("data").asList().stream().map(JsonElement::getAsJsonObject).toList();
  }

  static List<String> ids(JsonObject page) {
    return payments(page).stream().map(p -> p.get("id").getAsString()).toList();
  }

  static List<String> strings(JsonElement array) {
    return array.getAsJsonArray().asList().stream().map(JsonElement::getAsString).toList();
  }

  static String decode(String cursor) {
    return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
  }
}
