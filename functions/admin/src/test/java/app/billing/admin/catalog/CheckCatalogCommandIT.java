package app.billing.admin.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.admin.AdminCommand;
import app.billing.core.catalog.BillingCycle;
import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.catalog.CatalogPrice;
import app.billing.testkit.StripeStandIn;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code admin check-catalog} on the bundled catalog, through stripe-java, against the Stripe
 * stand-in serving {@code GET /v1/prices/{id}}: prices as the catalog says pass; another amount, an
 * inactive price and a missing price are each reported, and the command exits 1.
 */
class CheckCatalogCommandIT {
  static StripeStandIn stripe;
  static Catalog catalog;

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    stripe = StripeStandIn.start();
    catalog = Catalog.fromResource(Catalog.RESOURCE);
  }

  @AfterAll
  static void stop() {
    stripe.close();
  }

  @BeforeEach
  void everyPriceAsTheCatalogSays() {
    stripe.reset();
    stripe.stubStatus(
        "GET",
        "/v1/prices/price_none",
        404,
        "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\","
            + "\"message\":\"No such price\",\"param\":\"id\"}}");
    for (CatalogEntry entry : catalog.entries()) {
      entry.prices().forEach((cycle, price) -> stubPrice(price, cycle, true));
    }
  }

  static void stubPrice(CatalogPrice price, BillingCycle cycle, boolean active) {
    stubPrice(price.priceId(), price.amount(), price.currency(), cycle, active);
  }

  static void stubPrice(
      String id, long amount, String currency, BillingCycle cycle, boolean active) {
    JsonObject p = new JsonObject();
    p.addProperty("id", id);
    p.addProperty("object", "price");
    p.addProperty("active", active);
    p.addProperty("currency", currency);
    p.addProperty("unit_amount", amount);
    p.addProperty("livemode", false);
    if (cycle == BillingCycle.ONE_TIME) {
      p.addProperty("type", "one_time");
      p.add("recurring", JsonNull.INSTANCE);
    } else {
      p.addProperty("type", "recurring");
      JsonObject recurring = new JsonObject();
      recurring.addProperty("interval", cycle == BillingCycle.MONTHLY ? "month" : "year");
      recurring.addProperty("interval_count", 1);
      recurring.addProperty("usage_type", "licensed");
      p.add("recurring", recurring);
    }
    stripe.stubGet("/v1/prices/" + id, p.toString());
  }

  int run(String... args) {
    Map<String, String> env =
        Map.of("STRIPE_SECRET_KEY", "sk_test_check", "STRIPE_API_BASE", stripe.baseUrl());
    return new AdminCommand(env)
        .run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void aCatalogStripeAgreesWithPasses() {
    assertThat(run("check-catalog")).as(err.toString(StandardCharsets.UTF_8)).isZero();

    assertThat(lines().getFirst()).startsWith("ENTRY").contains("PRICE", "STRIPE", "RESULT");
    assertThat(lines()).hasSize(1 + 5 + 1);
    assertThat(lines().subList(1, 6)).allSatisfy(l -> assertThat(l).endsWith("  ok"));
    assertThat(lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("onboarding_workshop", "one_time", "29900 usd one_time")
                    .endsWith("ok"));
    assertThat(lines().getLast()).isEqualTo("5 price(s) match Stripe.");
    assertThat(stripe.requestCount("GET", "/v1/prices/price_14K14PSb7kQ2wLn5JNF92G3q")).isOne();
  }

  @Test
  void anotherAmountAnInactivePriceAndAMissingPriceAreEachReported() {
    CatalogEntry pro = catalog.entry("pro").orElseThrow();
    CatalogEntry starter = catalog.entry("starter").orElseThrow();
    CatalogPrice proMonthly = pro.price(BillingCycle.MONTHLY).orElseThrow();
    stubPrice(proMonthly.priceId(), 5900, "usd", BillingCycle.MONTHLY, true);
    stubPrice(starter.price(BillingCycle.YEARLY).orElseThrow(), BillingCycle.YEARLY, false);
    String workshop =
        catalog
            .entry("onboarding_workshop")
            .orElseThrow()
            .prices()
            .values()
            .iterator()
            .next()
            .priceId();
    stripe.stubStatus(
        "GET",
        "/v1/prices/" + workshop,
        404,
        "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\","
            + "\"message\":\"No such price: '"
            + workshop
            + "'\",\"param\":\"id\"}}");

    assertThat(run("check-catalog")).isEqualTo(1);

    assertThat(lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("pro", "monthly", proMonthly.priceId(), "4900 usd every month")
                    .endsWith("amount 5900, catalog 4900"))
        .anySatisfy(
            l -> assertThat(l).contains("starter", "yearly", "(inactive)").endsWith("inactive"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("onboarding_workshop", workshop, " - ")
                    .endsWith("missing in Stripe"));
    assertThat(lines().stream().filter(l -> l.endsWith("  ok"))).hasSize(2);
    assertThat(lines().getLast()).isEqualTo("3 of 5 price(s) do not match Stripe.");
  }

  @Test
  void aRecurringPriceSoldAsOneTimeOrAtAnotherIntervalIsReported() {
    CatalogPrice workshop =
        catalog
            .entry("onboarding_workshop")
            .orElseThrow()
            .price(BillingCycle.ONE_TIME)
            .orElseThrow();
    stubPrice(workshop, BillingCycle.MONTHLY, true);
    CatalogPrice proYearly =
        catalog.entry("pro").orElseThrow().price(BillingCycle.YEARLY).orElseThrow();
    stubPrice(proYearly.priceId(), proYearly.amount(), "eur", BillingCycle.MONTHLY, true);

    assertThat(run("check-catalog")).isEqualTo(1);

    assertThat(lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains(workshop.priceId())
                    .endsWith("every month, catalog one_time"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains(proYearly.priceId())
                    .endsWith("currency eur, catalog usd; every month, catalog every year"));
  }

  @Test
  void aCatalogFileCanBeCheckedBeforeItIsDeployed() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("catalog", ".json");
    java.nio.file.Files.writeString(
        file,
        """
        {"entries": [{"key": "team", "name": "Team", "mode": "subscription",
          "prices": {"monthly": {"price_id": "price_none", "amount": 100, "currency": "usd"}}}]}
        """);

    assertThat(run("check-catalog", "--file", file.toString())).isEqualTo(1);

    assertThat(lines())
        .anySatisfy(l -> assertThat(l).startsWith("team").endsWith("missing in Stripe"));
  }

  @Test
  void anInvalidCatalogOrAMissingKeyFailsBeforeAnyStripeCall() {
    assertThat(run("check-catalog", "--source", "s3://bucket/*")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("PLAN_CATALOG_SOURCE must be bundled, ssm:/parameter/name or s3://bucket/key");
    assertThat(run("check-catalog", "--frobnicate")).isEqualTo(2);
    assertThat(stripe.wireMock().getAllServeEvents()).isEmpty();
  }
}
