package app.billing.core.catalog;

import static app.billing.core.testing.Fixtures.PRO_MONTHLY_PRICE;
import static app.billing.core.testing.Fixtures.STARTER_MONTHLY_PRICE;
import static app.billing.core.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogTest {

  private static Catalog bundled() throws InvalidCatalogException {
    return Catalog.fromResource(Catalog.RESOURCE);
  }

  private static List<String> problemsOf(String json) {
    return catchThrowableOfType(InvalidCatalogException.class, () -> Catalog.fromJson(json))
        .problems();
  }

  // --- the bundled catalog ---

  @Test
  void theBundledCatalogLoads() throws Exception {
    Catalog catalog = bundled();

    assertThat(catalog.entries())
        .extracting(CatalogEntry::key)
        .containsExactly("starter", "pro", "onboarding_workshop");
    CatalogEntry starter = catalog.entry("starter").orElseThrow();
    assertThat(starter.name()).isEqualTo("Starter");
    assertThat(starter.isSubscription()).isTrue();
    assertThat(starter.trialDays()).isEqualTo(14);
    assertThat(starter.features()).containsExactly("core_app");
    assertThat(starter.limits()).isEqualTo(Map.of("seats", 3L, "projects", 10L));
    assertThat(starter.captureMethod()).isEqualTo("automatic");
    assertThat(starter.price(BillingCycle.MONTHLY))
        .contains(new CatalogPrice(STARTER_MONTHLY_PRICE, 1900, "usd"));
    assertThat(starter.price(BillingCycle.ONE_TIME)).isEmpty();

    CatalogEntry workshop = catalog.entry("onboarding_workshop").orElseThrow();
    assertThat(workshop.mode()).isEqualTo(CatalogEntry.Mode.PAYMENT);
    assertThat(workshop.isSubscription()).isFalse();
    assertThat(workshop.credits()).isEqualTo(5);
    assertThat(workshop.prices()).containsOnlyKeys(BillingCycle.ONE_TIME);
    assertThat(workshop.price(BillingCycle.ONE_TIME).orElseThrow().amount()).isEqualTo(29900);
  }

  @Test
  void loadUsesTheVariableWhenGivenAndTheBundledResourceOtherwise() throws Exception {
    assertThat(Catalog.load(Optional.empty()).entries()).hasSize(3);
    assertThat(Catalog.load(Optional.of(resource("catalogs/minimal.json"))).entries())
        .extracting(CatalogEntry::key)
        .containsExactly("basic", "report");
  }

  @Test
  void aMissingResourceIsAProblem() {
    assertThat(
            catchThrowableOfType(
                    InvalidCatalogException.class, () -> Catalog.fromResource("nope.json"))
                .problems())
        .containsExactly("catalog resource nope.json not found");
  }

  // --- meters ---

  @Test
  void theBundledProPlanBillsEmailsSentAndStarterBillsNoMeter() throws Exception {
    Catalog catalog = bundled();

    CatalogMeter emails = catalog.entry("pro").orElseThrow().meter("emails_sent").orElseThrow();
    assertThat(emails.eventName()).isEqualTo("emails_sent");
    assertThat(emails.price()).startsWith("price_");
    assertThat(catalog.meter("emails_sent")).contains(emails);
    assertThat(catalog.entry("starter").orElseThrow().meters()).isEmpty();
    assertThat(catalog.meter("sms_sent")).isEmpty();
    // A metered price is not a plan price: provisioning never maps it to a plan.
    assertThat(catalog.byPriceId(emails.price())).isEmpty();
  }

  @Test
  void meterProblemsAreListedWithTheOthers() {
    assertThat(problemsOf(resource("catalogs/invalid-meters.json")))
        .containsExactlyInAnyOrder(
            "entry 'basic': meter 'emails_sent': price price_basic is used twice",
            "entry 'basic': meter 'emails_sent' is listed twice",
            "entry 'basic': meter names must be lower-case letters, digits, '_' or '-'",
            "entry 'basic': meter 'sms': event_name must be 1 to 100 characters, unpadded",
            "entry 'basic': meter 'sms': price must start with price_",
            "entry 'basic': a meter is empty",
            "entry 'team': meter 'emails_sent': event_name 'mails' differs from another plan's"
                + " 'emails_sent'",
            "entry 'report': meters are only for subscription plans");
  }

  // --- lookups ---

  @Test
  void byPriceIdFindsEntryCycleAndPrice() throws Exception {
    Catalog catalog = bundled();

    PriceMatch starter = catalog.byPriceId(STARTER_MONTHLY_PRICE).orElseThrow();
    assertThat(starter.entry().key()).isEqualTo("starter");
    assertThat(starter.cycle()).isEqualTo(BillingCycle.MONTHLY);
    assertThat(starter.price()).isEqualTo(new CatalogPrice(STARTER_MONTHLY_PRICE, 1900, "usd"));

    assertThat(catalog.byPriceId(PRO_MONTHLY_PRICE)).map(m -> m.entry().key()).contains("pro");
    assertThat(catalog.byPriceId("price_14K1yrSb7kQ2wLn5ProYearly"))
        .map(PriceMatch::cycle)
        .contains(BillingCycle.YEARLY);
    assertThat(catalog.byPriceId("price_1Wk5hpSb7kQ2wLn5Workshop"))
        .map(PriceMatch::cycle)
        .contains(BillingCycle.ONE_TIME);
    assertThat(catalog.byPriceId("price_not_sold")).isEmpty();
    assertThat(catalog.byPriceId(null)).isEmpty();
  }

  @Test
  void entryByKey() throws Exception {
    Catalog catalog = bundled();

    assertThat(catalog.entry("pro")).map(CatalogEntry::name).contains("Pro");
    assertThat(catalog.entry("enterprise")).isEmpty();
    assertThat(catalog.entry(null)).isEmpty();
  }

  @Test
  void entriesCannotBeModified() throws Exception {
    List<CatalogEntry> entries = bundled().entries();

    assertThatThrownBy(entries::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> entries.get(0).prices().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> entries.get(0).features().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aMalformedUnicodeEscapeIsInvalidJsonNotACrash() {
    // Found by CatalogFuzzTest: Gson throws a bare NumberFormatException for it.
    String json = "{\"entriesX\": [{\"key\": \"a\", \"am\\unt\": 1}]}";

    assertThat(problemsOf(json)).singleElement().asString().startsWith("catalog is not valid JSON");
  }

  @Test
  void aNullFeatureOrLimitIsAProblemNotACrash() {
    // Found by CatalogFuzzTest: List.copyOf threw a NullPointerException inside Gson.
    String json =
        """
        {"entries": [{"key": "pro", "name": "Pro", "mode": "subscription",
          "prices": {"monthly": {"price_id": "price_1", "amount": 100, "currency": "usd"}},
          "features": ["core", null], "limits": {"seats": null}}]}
        """;

    assertThat(problemsOf(json))
        .containsExactly(
            "entry 'pro': features must be non-empty strings",
            "entry 'pro': limits must map names to whole numbers");
  }

  @Test
  void perSeatLimitsMustNameLimitsOfASubscriptionPlanOnce() {
    String json =
        """
        {"entries": [
          {"key": "team", "name": "Team", "mode": "subscription",
           "prices": {"monthly": {"price_id": "price_t", "amount": 100, "currency": "usd"}},
           "limits": {"projects": 10}, "per_seat_limits": ["projects", "storage_gb", "projects"]},
          {"key": "pack", "name": "Pack", "mode": "payment",
           "prices": {"one_time": {"price_id": "price_p", "amount": 100, "currency": "usd"}},
           "limits": {"projects": 1}, "per_seat_limits": ["projects"]}]}
        """;

    assertThat(problemsOf(json))
        .containsExactly(
            "entry 'team': per_seat_limits names 'storage_gb', which is not in limits",
            "entry 'team': per_seat_limits lists 'projects' twice",
            "entry 'pack': per_seat_limits are only for subscription plans");
  }

  @Test
  void perSeatLimitsScaleWithTheQuantityAndTheOthersDoNot() throws Exception {
    String json =
        """
        {"entries": [{"key": "team", "name": "Team", "mode": "subscription",
           "prices": {"monthly": {"price_id": "price_t", "amount": 100, "currency": "usd"}},
           "limits": {"projects": 10, "storage_gb": 50}, "per_seat_limits": ["storage_gb"]}]}
        """;
    CatalogEntry team = Catalog.fromJson(json).entry("team").orElseThrow();

    assertThat(team.limitsFor(3))
        .containsExactlyInAnyOrderEntriesOf(Map.of("projects", 10L, "storage_gb", 150L));
    assertThat(team.limitsFor(0)).isEqualTo(team.limits());
    assertThat(team.limitsFor(Long.MAX_VALUE)).containsEntry("storage_gb", Long.MAX_VALUE);
  }

  @Test
  void optionalFieldsHaveDefaults() throws Exception {
    CatalogEntry basic =
        Catalog.fromJson(resource("catalogs/minimal.json")).entry("basic").orElseThrow();

    assertThat(basic.trialDays()).isZero();
    assertThat(basic.features()).isEmpty();
    assertThat(basic.limits()).isEmpty();
    assertThat(basic.perSeatLimits()).isEmpty();
    assertThat(basic.credits()).isZero();
    assertThat(basic.captureMethod()).isEqualTo("automatic");
    assertThat(basic.description()).isNull();
    assertThat(
            Catalog.fromJson(resource("catalogs/minimal.json"))
                .entry("report")
                .orElseThrow()
                .captureMethod())
        .isEqualTo("manual");
  }

  @Test
  void billingCycleWireNames() {
    assertThat(BillingCycle.fromWireName("one_time")).contains(BillingCycle.ONE_TIME);
    assertThat(BillingCycle.fromWireName("yearly")).contains(BillingCycle.YEARLY);
    assertThat(BillingCycle.fromWireName("weekly")).isEmpty();
    assertThat(BillingCycle.MONTHLY.wireName()).isEqualTo("monthly");
  }

  // --- validation ---

  @Test
  void validationListsEveryProblemOfABadDocument() {
    InvalidCatalogException e =
        catchThrowableOfType(
            InvalidCatalogException.class,
            () -> Catalog.fromJson(resource("catalogs/invalid-everything.json")));

    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "entry 'Bad Key!': key must be lower-case letters, digits, '_' or '-'",
            "entry 'Bad Key!': name is missing",
            "entry 'Bad Key!': monthly price_id must start with price_",
            "entry 'Bad Key!': monthly amount must not be negative",
            "entry 'Bad Key!': monthly currency must be a lower-case ISO code",
            "entry 'Bad Key!': subscription plans need monthly or yearly prices",
            "entry 'Bad Key!': trial_days must be between 0 and 730",
            "entry 'Bad Key!': credits must not be negative",
            "entry 'Bad Key!': capture_method must be automatic or manual",
            "entry (no key): key must be lower-case letters, digits, '_' or '-'",
            "entry (no key): at least one price is required",
            "entry 'workshop': one-time items need a single one_time price",
            "entry 'workshop': price price_shared is used twice",
            "entry 'mystery': mode must be \"subscription\" or \"payment\"",
            "entry 'mystery': yearly price_id must start with price_",
            "entry 'mystery': yearly currency must be a lower-case ISO code",
            "entry 'mystery': trial_days must be between 0 and 730",
            "entry 'weekly_plan': price cycle must be monthly, yearly or one_time",
            "entry 'empty_price': monthly price is missing",
            "entry #7 is empty");
    assertThat(e).hasMessageStartingWith("Invalid plan catalog: entry 'Bad Key!': ");
  }

  @Test
  void keysAndPriceIdsMustBeUnique() {
    assertThat(problemsOf(resource("catalogs/duplicates.json")))
        .containsExactlyInAnyOrder(
            "entry 'pro': key is used twice",
            "entry 'team': price price_pro_monthly is used twice",
            "entry 'team': price price_pro_yearly is used twice");
  }

  @Test
  void aDocumentThatIsNotJsonOrHasNoEntriesIsRejected() {
    assertThat(problemsOf(resource("catalogs/not-json.txt")))
        .singleElement()
        .asString()
        .startsWith("catalog is not valid JSON");
    assertThat(problemsOf("[]")).singleElement().asString().startsWith("catalog is not valid JSON");
    assertThat(problemsOf("{}"))
        .containsExactly("catalog must list at least one entry under \"entries\"");
    assertThat(problemsOf("{\"entries\": []}"))
        .containsExactly("catalog must list at least one entry under \"entries\"");
    assertThat(problemsOf(""))
        .containsExactly("catalog must list at least one entry under \"entries\"");
  }
}
