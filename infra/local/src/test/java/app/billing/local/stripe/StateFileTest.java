package app.billing.local.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.catalog.Catalog;
import app.billing.local.stripe.StripeBackend.IdempotentResponse;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in's account survives a restart: a new backend on the same state file knows everything.
 */
class StateFileTest {
  private static final String STARTER_MONTHLY = "price_1YVHXZSb7kQ2wLn572xB0pDK";
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final Catalog CATALOG = catalog();

  @TempDir Path dir;

  @Test
  void aRestartedBackendKnowsTheAccountAndCarriesOn() throws Exception {
    Path file = dir.resolve("stripe-stand-in.json");
    StripeBackend before = backend(file, NOW);
    String customer =
        before
            .createCustomer(
                FormParams.parse("email=ada@example.test&name=Ada&metadata[tenantId]=t1"),
                "req_0",
                "customer-t1")
            .object()
            .get("id")
            .getAsString();
    before.rememberIdempotentResponse(
        "customer-t1",
        new IdempotentResponse(
            "POST /v1/customers email=...", 200, before.customer(customer), NOW.getEpochSecond()));
    String session =
        before
            .createCheckoutSession(
                FormParams.parse(
                    "mode=subscription&customer="
                        + customer
                        + "&line_items[0][price]="
                        + STARTER_MONTHLY
                        + "&subscription_data[metadata][tenantId]=t1"
                        + "&success_url=http://127.0.0.1:3000/"),
                "req_1")
            .object()
            .get("id")
            .getAsString();
    before.pay(session);
    String subscription =
        before
            .subscriptions(FormParams.parse("customer=" + customer))
            .getAsJsonArray("data")
            .get(0)
            .getAsJsonObject()
            .get("id")
            .getAsString();
    String portal =
        before
            .createPortalSession(FormParams.parse("customer=" + customer))
            .object()
            .get("id")
            .getAsString();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temp file left behind
    }

    StripeBackend after = backend(file, NOW.plusSeconds(60));
    assertThat(after.customer(customer)).isEqualTo(before.customer(customer));
    assertThat(after.customer(customer).get("phone").isJsonNull())
        .isTrue(); // explicit nulls survive
    assertThat(after.checkoutSession(session)).isEqualTo(before.checkoutSession(session));
    assertThat(after.checkoutLineItems(session).getAsJsonArray("data")).hasSize(1);
    assertThat(after.checkoutView(session)).isPresent();
    assertThat(after.subscription(subscription)).isEqualTo(before.subscription(subscription));
    assertThat(after.invoices(FormParams.parse("customer=" + customer)))
        .isEqualTo(before.invoices(FormParams.parse("customer=" + customer)));
    assertThat(
            after
                .activeEntitlements(FormParams.parse("customer=" + customer))
                .getAsJsonArray("data"))
        .isNotEmpty();
    assertThat(after.eventList()).isEqualTo(before.eventList());
    assertThat(after.portalView(portal)).isPresent();
    assertThat(after.idempotentResponse("customer-t1"))
        .get()
        .extracting(r -> r.body().get("id").getAsString())
        .isEqualTo(customer);

    // It carries on where it stopped: the invoice numbers continue, the entitlements are known.
    var renewed = after.portalAction(portal, null, PortalAction.RENEW, null);
    assertThat(renewed.events())
        .extracting(e -> e.get("type").getAsString())
        .containsExactly(
            "customer.subscription.updated",
            "invoice.finalized",
            "invoice.paid",
            "invoice.payment_succeeded");
    JsonObject invoice = renewed.events().get(2).getAsJsonObject("data").getAsJsonObject("object");
    assertThat(invoice.get("number").getAsString()).endsWith("-0002");
    var canceled = after.portalAction(portal, null, PortalAction.CANCEL_NOW, null);
    assertThat(canceled.events())
        .extracting(e -> e.get("type").getAsString())
        .containsExactly(
            "customer.subscription.deleted", "entitlements.active_entitlement_summary.updated");

    StripeBackend third = backend(file, NOW.plus(Duration.ofDays(2)));
    assertThat(third.subscription(subscription).get("status").getAsString()).isEqualTo("canceled");
    // Idempotency keys expire after 24 hours, as on Stripe.
    assertThat(third.idempotentResponse("customer-t1")).isEmpty();
    assertThat(
            JsonParser.parseString(Files.readString(file))
                .getAsJsonObject()
                .get("format")
                .getAsInt())
        .isEqualTo(StateFile.FORMAT);
  }

  @Test
  void anUnreadableFileStopsTheStartInsteadOfStartingEmpty() throws Exception {
    Path file = dir.resolve("stripe-stand-in.json");
    Files.writeString(file, "{\"format\": 1, \"customers\": [");
    assertThatThrownBy(() -> backend(file, NOW))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("--reset");
    Files.writeString(file, "{\"format\": 99}");
    assertThatThrownBy(() -> backend(file, NOW))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("format 99");
  }

  @Test
  void withoutAFileTheAccountStartsEmpty() {
    StripeBackend backend = backend(dir.resolve("stripe-stand-in.json"), NOW);
    assertThat(backend.subscriptions(FormParams.parse("")).getAsJsonArray("data")).isEmpty();
    assertThat(dir.resolve("stripe-stand-in.json")).doesNotExist();
  }

  private static StripeBackend backend(Path file, Instant now) {
    return new StripeBackend(
        new StripeObjects(CATALOG, "http://127.0.0.1:3000"),
        Clock.fixed(now, ZoneOffset.UTC),
        new StateFile(file, CATALOG));
  }

  private static Catalog catalog() {
    try {
      return Catalog.fromResource(Catalog.RESOURCE);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
