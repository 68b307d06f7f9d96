package app.billing.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import app.billing.core.access.AccessPolicy;
import app.billing.core.catalog.Catalog;
import app.billing.core.error.ValidationException;
import app.billing.core.model.EventVersion;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.testdata.CustomerRecords;
import app.billing.core.testdata.EntitlementsRecords;
import app.billing.core.testdata.PaymentRecords;
import app.billing.core.testdata.SubscriptionRecords;
import app.billing.core.testing.InMemoryBillingStore;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountServiceTest {
  static final String TENANT = "usr_8f3a1c2e";
  static final String OTHER = "usr_0b7d9e41";
  static final String CUSTOMER = "cus_1BREyS0ms3pllo";
  static final Instant NOW = Instant.parse("2026-10-20T12:00:00Z");
  static final EventVersion V = new EventVersion(1_790_000_000L, "evt_1");

  /** Like ApiResponses: field names as annotated, nulls written. */
  static final Gson WIRE = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  final InMemoryBillingStore store = new InMemoryBillingStore();
  final Catalog catalog = bundledCatalog();

  static Catalog bundledCatalog() {
    try {
      return Catalog.fromResource(Catalog.RESOURCE);
    } catch (app.billing.core.catalog.InvalidCatalogException e) {
      throw new IllegalStateException(e);
    }
  }

  final AccountService service =
      new AccountService(
          store,
          store,
          new InMemoryPaymentHistory(store),
          catalog,
          new AccessPolicy(Duration.ofDays(7)),
          Clock.fixed(NOW, ZoneOffset.UTC));

  // --- subscription ---

  @Test
  void activeSubscriptionHasFullAccessWithThePlansFeaturesAndLimits() {
    store.saveSubscription(subscription("active", "pro", null), false);
    store.saveEntitlements(
        EntitlementsRecords.granted("core_app", "priority_support")
            .tenant(TENANT)
            .customer(CUSTOMER)
            .version(V)
            .build(),
        false);
    store.grantCredits(TENANT, "cs_1", 5, NOW);

    SubscriptionView view = service.subscription(TENANT);

    assertThat(view)
        .isEqualTo(
            new SubscriptionView(
                TENANT,
                CUSTOMER,
                "pro",
                "Pro",
                "active",
                "full",
                null,
                List.of("core_app", "priority_support", "advanced_reports"),
                Map.of("projects", 100L, "seats", 20L),
                List.of("core_app", "priority_support"),
                "2026-10-01T08:00:00Z",
                "2026-11-01T08:00:00Z",
                null,
                false,
                null,
                null,
                5,
                List.of(
                    new SubscriptionView.Item(
                        "sub_1hNEdcSb7kQ2wLn5P4c3ZkD7",
                        "pro",
                        "Pro",
                        "active",
                        "full",
                        null,
                        "monthly",
                        1,
                        "2026-10-01T08:00:00Z",
                        "2026-11-01T08:00:00Z",
                        null,
                        false,
                        null,
                        null))));
  }

  @Test
  void theLiveSubscriptionIsTheEffectiveOneAndEverySubscriptionIsListedNewestFirst() {
    SubscriptionRecord live = subscription("active", "pro", null);
    SubscriptionRecord ended =
        SubscriptionRecords.canceled()
            .tenant(TENANT)
            .customer(CUSTOMER)
            .subscription("sub_2StarterEnded")
            .plan("starter")
            .quantity(3)
            .canceledAt(Instant.parse("2026-10-15T09:00:00Z"))
            .version(new EventVersion(V.created() + 600, "evt_2"))
            .build();
    store.saveSubscription(live, false);
    store.saveSubscription(ended, false);

    SubscriptionView view = service.subscription(TENANT);

    assertThat(view.plan()).isEqualTo("pro");
    assertThat(view.status()).isEqualTo("active");
    assertThat(view.access()).isEqualTo("full");
    assertThat(view.subscriptions())
        .extracting(
            SubscriptionView.Item::id,
            SubscriptionView.Item::plan,
            SubscriptionView.Item::status,
            SubscriptionView.Item::access,
            SubscriptionView.Item::quantity)
        .containsExactly(
            tuple("sub_2StarterEnded", "starter", "canceled", "none", 3L),
            tuple(live.subscriptionId(), "pro", "active", "full", 1L));
  }

  @Test
  void perSeatLimitsOfTheEffectivePlanAreMultipliedByItsQuantity() throws Exception {
    Catalog perSeat =
        Catalog.fromJson(
            """
            {"entries": [{"key": "team", "name": "Team", "mode": "subscription",
               "prices": {"monthly": {"price_id": "price_team", "amount": 900, "currency": "usd"}},
               "limits": {"projects": 10, "storage_gb": 50}, "per_seat_limits": ["storage_gb"]}]}
            """);
    AccountService seats =
        new AccountService(
            store,
            store,
            new InMemoryPaymentHistory(store),
            perSeat,
            new AccessPolicy(Duration.ofDays(7)),
            Clock.fixed(NOW, ZoneOffset.UTC));
    store.saveSubscription(
        SubscriptionRecords.from(subscription("active", "team", null)).quantity(4).build(), false);

    assertThat(seats.subscription(TENANT).limits())
        .containsExactlyInAnyOrderEntriesOf(Map.of("projects", 10L, "storage_gb", 200L));
  }

  @Test
  void trialingIsFullAccessAndReportsTheTrialEndAndScheduledCancellation() {
    SubscriptionRecord trial =
        SubscriptionRecords.trialing()
            .tenant(TENANT)
            .customer(CUSTOMER)
            .subscription("sub_1")
            .plan("starter")
            .price("price_1YVHXZSb7kQ2wLn572xB0pDK")
            .period(Instant.parse("2026-09-01T08:00:00Z"), Instant.parse("2026-09-15T08:00:00Z"))
            .trialEnd(Instant.parse("2026-09-15T08:00:00Z"))
            .cancelAtPeriodEnd(true)
            .cancelAt(Instant.parse("2026-09-15T08:00:00Z"))
            .canceledAt(Instant.parse("2026-09-10T17:30:00.250Z"))
            .version(V)
            .build();
    store.saveSubscription(trial, false);

    SubscriptionView view = service.subscription(TENANT);

    assertThat(view.access()).isEqualTo("full");
    assertThat(view.planName()).isEqualTo("Starter");
    assertThat(view.trialEnd()).isEqualTo("2026-09-15T08:00:00Z");
    assertThat(view.cancelAtPeriodEnd()).isTrue();
    assertThat(view.cancelAt()).isEqualTo("2026-09-15T08:00:00Z");
    assertThat(view.canceledAt()).as("to the second").isEqualTo("2026-09-10T17:30:00Z");
  }

  @Test
  void pastDueWithinGraceKeepsAccessUntilTheGraceEnds() {
    store.saveSubscription(subscription("past_due", "pro", NOW.minus(Duration.ofDays(2))), false);

    SubscriptionView view = service.subscription(TENANT);

    assertThat(view.status()).isEqualTo("past_due");
    assertThat(view.access()).isEqualTo("grace");
    assertThat(view.accessUntil()).isEqualTo("2026-10-25T12:00:00Z");
    assertThat(view.features()).contains("core_app");
    assertThat(view.limits()).containsEntry("seats", 20L);
  }

  @Test
  void pastDueBeyondGraceHasNoAccessAndNoFeatures() {
    store.saveSubscription(subscription("past_due", "pro", NOW.minus(Duration.ofDays(8))), false);

    SubscriptionView view = service.subscription(TENANT);

    assertThat(view.access()).isEqualTo("none");
    assertThat(view.accessUntil()).isNull();
    assertThat(view.features()).isEmpty();
    assertThat(view.limits()).isEmpty();
    assertThat(view.plan()).isEqualTo("pro");
  }

  @Test
  void graceFollowsTheConfiguredDays() {
    store.saveSubscription(subscription("past_due", "pro", NOW.minus(Duration.ofDays(2))), false);
    AccountService strict =
        new AccountService(
            store,
            store,
            new InMemoryPaymentHistory(store),
            catalog,
            new AccessPolicy(Duration.ofDays(1)),
            Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(strict.subscription(TENANT).access()).isEqualTo("none");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "canceled",
        "unpaid",
        "incomplete",
        "incomplete_expired",
        "paused",
        "something_new"
      })
  void otherStatusesHaveNoAccess(String status) {
    store.saveSubscription(subscription(status, "pro", null), false);

    SubscriptionView view = service.subscription(TENANT);

    assertThat(view.status()).isEqualTo(status);
    assertThat(view.access()).isEqualTo("none");
    assertThat(view.features()).isEmpty();
  }

  @Test
  void noSubscriptionIsStatusNoneNotAnError() {
    store.saveCustomer(
        CustomerRecords.customer()
            .tenant(TENANT)
            .id(CUSTOMER)
            .email("ada@example.com")
            .name("Ada")
            .version(V)
            .build(),
        false);
    store.grantCredits(TENANT, "cs_1", 5, NOW);

    SubscriptionView view = service.subscription(TENANT);

    assertThat(view)
        .isEqualTo(
            new SubscriptionView(
                TENANT, CUSTOMER, null, null, "none", "none", null, List.of(), Map.of(), List.of(),
                null, null, null, false, null, null, 5, List.of()));
  }

  @Test
  void unknownTenantIsEmptyWithoutCustomer() {
    SubscriptionView view = service.subscription("usr_new");

    assertThat(view.stripeCustomerId()).isNull();
    assertThat(view.status()).isEqualTo("none");
    assertThat(view.creditsBalance()).isZero();
  }

  @Test
  void aPlanNoLongerInTheCatalogKeepsItsKeyButHasNoNameOrFeatures() {
    store.saveSubscription(subscription("active", "legacy_gold", null), false);

    SubscriptionView view = service.subscription(TENANT);

    assertThat(view.plan()).isEqualTo("legacy_gold");
    assertThat(view.planName()).isNull();
    assertThat(view.access()).isEqualTo("full");
    assertThat(view.features()).isEmpty();
  }

  @Test
  void subscriptionJsonUsesSnakeCaseAndWritesNulls() {
    store.saveSubscription(subscription("active", "pro", null), false);

    JsonObject json = toJson(service.subscription(TENANT));

    assertThat(json.keySet())
        .containsExactly(
            "tenant_id",
            "stripe_customer_id",
            "plan",
            "plan_name",
            "status",
            "access",
            "access_until",
            "features",
            "limits",
            "entitlements",
            "current_period_start",
            "current_period_end",
            "trial_end",
            "cancel_at_period_end",
            "cancel_at",
            "canceled_at",
            "credits_balance",
            "subscriptions");
    assertThat(json.get("access_until").isJsonNull()).isTrue();
    assertThat(json.get("limits").toString()).isEqualTo("{\"projects\":100,\"seats\":20}");
    assertThat(json.get("current_period_end").getAsString()).isEqualTo("2026-11-01T08:00:00Z");
  }

  // --- payments ---

  @Test
  void paymentsAreMappedNewestFirst() {
    store.savePayment(invoice(TENANT, "in_old", "2026-09-01T08:00:00Z"), false);
    store.savePayment(purchase(TENANT, "cs_new", "2026-09-02T08:00:00Z"), false);

    PaymentsView page = service.payments(TENANT, Optional.empty(), Optional.empty());

    assertThat(page.hasMore()).isFalse();
    assertThat(page.nextCursor()).isNull();
    assertThat(page.data())
        .containsExactly(
            new PaymentView(
                "cs_new",
                "purchase",
                29900,
                29900,
                "usd",
                "paid",
                "Onboarding workshop",
                "2026-09-02T08:00:00Z",
                null,
                null,
                null,
                null,
                0,
                null),
            new PaymentView(
                "in_old",
                "invoice",
                4900,
                4900,
                "usd",
                "paid",
                "Pro (monthly)",
                "2026-09-01T08:00:00Z",
                "https://invoice.stripe.com/i/in_old",
                "https://pay.stripe.com/invoice/in_old/pdf",
                null,
                null,
                0,
                null));
  }

  @Test
  void paymentJsonHasTheDocumentedFields() {
    store.savePayment(invoice(TENANT, "in_1", "2026-09-01T08:00:00Z"), false);

    JsonObject json = toJson(service.payments(TENANT, Optional.empty(), Optional.empty()));

    assertThat(json.keySet()).containsExactly("data", "has_more", "next_cursor");
    assertThat(json.getAsJsonArray("data").get(0).getAsJsonObject().keySet())
        .containsExactly(
            "id",
            "type",
            "amount",
            "amount_paid",
            "currency",
            "status",
            "description",
            "created",
            "hosted_invoice_url",
            "invoice_pdf",
            "receipt_url",
            "payment_intent",
            "amount_refunded",
            "dispute");
    assertThat(json.get("next_cursor").isJsonNull()).isTrue();
  }

  @Test
  void aRefundedAndDisputedPaymentShowsItsReceiptRefundAndDispute() {
    store.savePayment(
        PaymentRecords.purchase()
            .tenant(TENANT)
            .id("cs_1")
            .customer(CUSTOMER)
            .paid(29900)
            .status(PaymentRecord.PARTIALLY_REFUNDED)
            .created(Instant.parse("2026-09-02T08:00:00Z"))
            .paymentIntent("pi_1")
            .receiptUrl("https://pay.stripe.com/receipts/ch_1")
            .amountRefunded(10000)
            .dispute("dp_1", "needs_response", "fraudulent")
            .version(V)
            .build(),
        false);

    JsonObject line =
        toJson(service.payments(TENANT, Optional.empty(), Optional.empty()))
            .getAsJsonArray("data")
            .get(0)
            .getAsJsonObject();

    assertThat(line.get("status").getAsString()).isEqualTo("partially_refunded");
    assertThat(line.get("amount_refunded").getAsLong()).isEqualTo(10000);
    assertThat(line.get("payment_intent").getAsString()).isEqualTo("pi_1");
    assertThat(line.get("receipt_url").getAsString())
        .isEqualTo("https://pay.stripe.com/receipts/ch_1");
    assertThat(line.getAsJsonObject("dispute").get("status").getAsString())
        .isEqualTo("needs_response");
    assertThat(line.getAsJsonObject("dispute").get("reason").getAsString()).isEqualTo("fraudulent");
  }

  @Test
  void pagesFollowTheCursorAndNeverMixTenants() {
    IntStream.rangeClosed(1, 5)
        .forEach(
            i ->
                store.savePayment(
                    invoice(TENANT, "in_" + i, "2026-09-0" + i + "T08:00:00Z"), false));
    store.savePayment(invoice(OTHER, "in_other", "2026-09-03T09:00:00Z"), false);

    PaymentsView first = service.payments(TENANT, Optional.of("2"), Optional.empty());
    PaymentsView second =
        service.payments(TENANT, Optional.of("2"), Optional.of(first.nextCursor()));
    PaymentsView third =
        service.payments(TENANT, Optional.of("2"), Optional.of(second.nextCursor()));

    assertThat(first.data()).extracting(PaymentView::id).containsExactly("in_5", "in_4");
    assertThat(second.data()).extracting(PaymentView::id).containsExactly("in_3", "in_2");
    assertThat(third.data()).extracting(PaymentView::id).containsExactly("in_1");
    assertThat(List.of(first.hasMore(), second.hasMore(), third.hasMore()))
        .containsExactly(true, true, false);
  }

  @Test
  void limitDefaultsToTwenty() {
    IntStream.rangeClosed(1, 25)
        .forEach(
            i ->
                store.savePayment(
                    invoice(
                        TENANT,
                        "in_" + i,
                        Instant.parse("2026-09-01T00:00:00Z").plusSeconds(i).toString()),
                    false));

    assertThat(service.payments(TENANT, Optional.empty(), Optional.empty()).data()).hasSize(20);
    assertThat(service.payments(TENANT, Optional.of("100"), Optional.empty()).data()).hasSize(25);
    assertThat(service.payments(TENANT, Optional.of(" 1 "), Optional.empty()).data()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "101", "-1", "abc", "1.5", "1e2", "99999999999", "٣"})
  void invalidLimitIsA400NamingLimit(String limit) {
    assertThatThrownBy(() -> service.payments(TENANT, Optional.of(limit), Optional.empty()))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e).isInstanceOf(ValidationException.class);
              assertThat(e.details()).containsEntry("field", "limit");
            });
  }

  @Test
  void invalidCursorIsA400NamingCursor() {
    assertThatThrownBy(
            () -> service.payments(TENANT, Optional.empty(), Optional.of("not-a-cursor")))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e).isInstanceOf(ValidationException.class);
              assertThat(e.details()).containsEntry("field", "cursor");
            });
  }

  // --- plans ---

  @Test
  void plansListTheCatalogWithoutStripePriceIds() {
    PlansView plans = service.plans();

    assertThat(plans.data())
        .extracting(PlanView::key)
        .containsExactly("starter", "pro", "onboarding_workshop");
    PlanView pro = plans.data().get(1);
    assertThat(pro)
        .isEqualTo(
            new PlanView(
                "pro",
                "Pro",
                "For growing teams that need more.",
                "subscription",
                List.of(
                    new PlanView.Price("monthly", 4900, "usd"),
                    new PlanView.Price("yearly", 49000, "usd")),
                0,
                List.of("core_app", "priority_support", "advanced_reports"),
                Map.of("seats", 20L, "projects", 100L),
                0));
    PlanView workshop = plans.data().get(2);
    assertThat(workshop.mode()).isEqualTo("payment");
    assertThat(workshop.prices()).containsExactly(new PlanView.Price("one_time", 29900, "usd"));
    assertThat(workshop.credits()).isEqualTo(5);

    String json = WIRE.toJson(plans);
    assertThat(json).doesNotContain("price_");
    assertThat(
            JsonParser.parseString(json)
                .getAsJsonObject()
                .getAsJsonArray("data")
                .get(0)
                .getAsJsonObject()
                .keySet())
        .containsExactly(
            "key",
            "name",
            "description",
            "mode",
            "prices",
            "trial_days",
            "features",
            "limits",
            "credits");
    assertThat(json).contains("\"billing_cycle\":\"monthly\"");
  }

  // --- helpers ---

  static JsonObject toJson(Object view) {
    return JsonParser.parseString(WIRE.toJson(view)).getAsJsonObject();
  }

  static SubscriptionRecord subscription(String status, String plan, Instant pastDueSince) {
    return SubscriptionRecords.withStatus(status)
        .tenant(TENANT)
        .customer(CUSTOMER)
        .subscription("sub_1hNEdcSb7kQ2wLn5P4c3ZkD7")
        .plan(plan)
        .price("price_14K14PSb7kQ2wLn5JNF92G3q")
        .period(Instant.parse("2026-10-01T08:00:00Z"), Instant.parse("2026-11-01T08:00:00Z"))
        .pastDueSince(pastDueSince)
        .version(V)
        .build();
  }

  static PaymentRecord invoice(String tenant, String id, String created) {
    return PaymentRecords.invoice()
        .tenant(tenant)
        .id(id)
        .customer(CUSTOMER)
        .paid(4900)
        .status("paid")
        .description("Pro (monthly)")
        .created(Instant.parse(created))
        .hostedUrl("https://invoice.stripe.com/i/" + id)
        .pdfUrl("https://pay.stripe.com/invoice/" + id + "/pdf")
        .billingReason("subscription_cycle")
        .subscription("sub_1")
        .version(V)
        .build();
  }

  static PaymentRecord purchase(String tenant, String id, String created) {
    return PaymentRecords.purchase()
        .tenant(tenant)
        .id(id)
        .customer(CUSTOMER)
        .paid(29900)
        .status("paid")
        .description("Onboarding workshop")
        .created(Instant.parse(created))
        .catalogKey("onboarding_workshop")
        .version(V)
        .build();
  }
}
