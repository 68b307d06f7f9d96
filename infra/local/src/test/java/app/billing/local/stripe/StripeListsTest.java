package app.billing.local.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.catalog.Catalog;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.model.Customer;
import com.stripe.model.CustomerSearchResult;
import com.stripe.model.SubscriptionCollection;
import com.stripe.net.ApiResource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stand-in's list and search pages, as stripe-java reads and follows them. */
class StripeListsTest {
  private static final String STARTER_MONTHLY = "price_1YVHXZSb7kQ2wLn572xB0pDK";

  private final StripeBackend backend =
      new StripeBackend(
          new StripeObjects(catalog(), "http://127.0.0.1:3000"),
          Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));

  @Test
  void subscriptionsPageWithLimitAndStartingAfterNewestFirstWhateverTheirStatus() {
    String customer = customer("t1", "a@example.test");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonObject session =
          backend
              .createCheckoutSession(
                  FormParams.parse(
                      "mode=subscription&customer="
                          + customer
                          + "&line_items[0][price]="
                          + STARTER_MONTHLY
                          + "&line_items[0][quantity]=1"
                          + "&success_url=http://127.0.0.1:3000/ok"),
                  "req_" + i)
              .object();
      backend.pay(session.get("id").getAsString());
    }
    backend
        .subscriptions(FormParams.parse("customer=" + customer + "&status=all&limit=100"))
        .getAsJsonArray("data")
        .forEach(s -> created.add(s.getAsJsonObject().get("id").getAsString()));
    assertThat(created).hasSize(3);
    backend.cancelSubscription(created.get(1), "req_cancel");

    List<String> paged = new ArrayList<>();
    String after = null;
    boolean more = true;
    while (more) {
      SubscriptionCollection page =
          ApiResource.GSON.fromJson(
              backend.subscriptions(
                  FormParams.parse(
                      "customer="
                          + customer
                          + "&status=all&limit=1"
                          + (after == null ? "" : "&starting_after=" + after))),
              SubscriptionCollection.class);
      assertThat(page.getData()).hasSize(1);
      paged.add(page.getData().getFirst().getId());
      after = page.getData().getFirst().getId();
      more = page.getHasMore();
    }
    assertThat(paged).isEqualTo(created);
    assertThat(
            backend.subscriptions(FormParams.parse("customer=" + customer)).getAsJsonArray("data"))
        .as("without status=all, canceled ones are left out")
        .hasSize(2);
    assertThatThrownBy(() -> backend.subscriptions(FormParams.parse("starting_after=sub_nope")))
        .isInstanceOf(StripeError.class)
        .hasMessageContaining("sub_nope");
    assertThatThrownBy(() -> backend.subscriptions(FormParams.parse("limit=101")))
        .isInstanceOf(StripeError.class)
        .hasMessageContaining("limit");
  }

  @Test
  void customerSearchFindsTheTenantsMetadataAndPagesWithNextPage() {
    customer("t1", "a@example.test");
    customer("t2", "b@example.test");
    customer("t1", "c@example.test");
    customer("t'quote", "d@example.test");

    List<String> emails = new ArrayList<>();
    String page = null;
    do {
      CustomerSearchResult result =
          ApiResource.GSON.fromJson(
              backend.searchCustomers(
                  FormParams.parse(
                      "query="
                          + encode("metadata['tenantId']:'t1'")
                          + "&limit=1"
                          + (page == null ? "" : "&page=" + page))),
              CustomerSearchResult.class);
      result.getData().stream().map(Customer::getEmail).forEach(emails::add);
      page = result.getHasMore() ? result.getNextPage() : null;
    } while (page != null);
    assertThat(emails).containsExactlyInAnyOrder("a@example.test", "c@example.test");

    JsonObject quoted =
        backend.searchCustomers(
            FormParams.parse("query=" + encode("metadata['tenantId']:'t\\'quote'")));
    assertThat(quoted.getAsJsonArray("data").asList())
        .extracting(JsonElement::getAsJsonObject)
        .extracting(c -> c.get("email").getAsString())
        .containsExactly("d@example.test");
    assertThatThrownBy(
            () ->
                backend.searchCustomers(
                    FormParams.parse("query=" + encode("email:'a@example.test'"))))
        .isInstanceOf(StripeError.class)
        .hasMessageContaining("metadata['key']:'value'");
    assertThatThrownBy(() -> backend.searchCustomers(FormParams.parse("")))
        .isInstanceOf(StripeError.class);
  }

  @Test
  void customersPageToo() {
    for (int i = 0; i < 5; i++) {
      customer("t" + i, i + "@example.test");
    }
    List<String> ids = new ArrayList<>();
    String after = null;
    boolean more = true;
    while (more) {
      JsonObject page =
          backend.customers(
              FormParams.parse("limit=2" + (after == null ? "" : "&starting_after=" + after)));
      page.getAsJsonArray("data")
          .forEach(c -> ids.add(c.getAsJsonObject().get("id").getAsString()));
      after = ids.getLast();
      more = page.get("has_more").getAsBoolean();
    }
    assertThat(ids).hasSize(5).doesNotHaveDuplicates();
  }

  private String customer(String tenant, String email) {
    return backend
        .createCustomer(
            FormParams.parse("email=" + email + "&metadata[tenantId]=" + encode(tenant)),
            "req_c",
            null)
        .object()
        .get("id")
        .getAsString();
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Catalog catalog() {
    try {
      return Catalog.fromResource(Catalog.RESOURCE);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
