package app.billing.local.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.catalog.Catalog;
import app.billing.core.event.HandledEventTypes;
import app.billing.core.reconcile.StripeEventPages.EventPage;
import app.billing.core.reconcile.StripeEventPages.EventQuery;
import app.billing.core.reconcile.StripeEventPages.StripeEventJson;
import app.billing.core.reconcile.StripeEventPages.StripeEventsUnavailableException;
import app.billing.reconciler.adapter.StripeEventsAdapter;
import app.billing.testkit.MutableClock;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/events} of the stand-in: Stripe's filters and paging, read by the reconciler's own
 * adapter.
 */
class EventListTest {
  static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
  final MutableClock clock = new MutableClock(START);
  final StripeBackend backend =
      new StripeBackend(new StripeObjects(catalog(), "http://127.0.0.1:3000"), clock);

  @Test
  void listsNewestFirstFilteredByTypesCreatedAndDeliveryAndPagesWithStartingAfter() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String customer =
          backend
              .createCustomer(FormParams.parse("email=c" + i + "@example.test"), "req_" + i, null)
              .object()
              .get("id")
              .getAsString();
      ids.add(eventIdOfLatest()); // customer.created
      clock.advance(Duration.ofSeconds(10));
      backend.updateCustomer(customer, FormParams.parse("name=C" + i), "req_u" + i, null);
      ids.add(eventIdOfLatest()); // customer.updated
      clock.advance(Duration.ofSeconds(10));
    }
    backend.webhookDelivered(ids.get(1)); // the first customer.updated was acknowledged

    JsonObject all = backend.eventList(FormParams.parse("limit=100"));
    assertThat(idsOf(all)).containsExactlyElementsOf(ids.reversed());

    long after = START.getEpochSecond() + 10; // excludes the first two events
    JsonObject page1 =
        backend.eventList(
            FormParams.parse(
                "types[0]=customer.updated&created[gt]="
                    + after
                    + "&delivery_success=false&limit=2"));
    assertThat(idsOf(page1)).containsExactly(ids.get(9), ids.get(7));
    assertThat(page1.get("has_more").getAsBoolean()).isTrue();
    JsonObject page2 =
        backend.eventList(
            FormParams.parse(
                "types[0]=customer.updated&created[gt]="
                    + after
                    + "&delivery_success=false&limit=2&starting_after="
                    + ids.get(7)));
    assertThat(idsOf(page2)).containsExactly(ids.get(5), ids.get(3));
    assertThat(page2.get("has_more").getAsBoolean()).isFalse();

    assertThat(
            idsOf(
                backend.eventList(
                    FormParams.parse("types[]=customer.updated&delivery_success=true"))))
        .containsExactly(ids.get(1));
    assertThat(
            idsOf(
                backend.eventList(
                    FormParams.parse("type=customer.*&limit=3&ending_before=" + ids.get(2)))))
        .containsExactly(ids.get(5), ids.get(4), ids.get(3));
    // A cursor that no longer matches (delivered between two pages) still pages by its place in
    // time.
    backend.webhookDelivered(ids.get(7));
    assertThat(
            idsOf(
                backend.eventList(
                    FormParams.parse(
                        "types[0]=customer.updated&delivery_success=false&starting_after="
                            + ids.get(7)))))
        .containsExactly(ids.get(5), ids.get(3));
    assertThatThrownBy(() -> backend.eventList(FormParams.parse("starting_after=evt_unknown")))
        .isInstanceOfSatisfying(StripeError.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> backend.eventList(FormParams.parse("limit=101")))
        .isInstanceOfSatisfying(StripeError.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void theReconcilersAdapterReadsTheStandInThroughStripeJavaAndRidesOutItsRateLimit(
      @TempDir Path dir) {
    try (LocalStripe stripe =
        LocalStripe.start(
            catalog(),
            "http://127.0.0.1:1",
            URI.create("http://127.0.0.1:1/webhooks/stripe"),
            "whsec_test",
            dir.resolve("stripe.json"),
            clock)) {
      StripeClient client =
          StripeClient.builder().setApiKey("sk_test_x").setApiBase(stripe.apiBase()).build();
      for (int i = 0; i < 3; i++) {
        client
            .v1()
            .customers()
            .create(
                com.stripe.param.CustomerCreateParams.builder()
                    .setEmail("r" + i + "@example.test")
                    .build());
      }
      StripeEventsAdapter adapter =
          new StripeEventsAdapter(client, 25, 3, Duration.ofMillis(20), Duration.ofMillis(100));
      long now = clock.instant().getEpochSecond();
      EventQuery query = new EventQuery(Set.of("customer.created"), 0, now, null, 2, true);

      // Two 429s, then the page: retried with backoff, nothing lost.
      rateLimit(stripe, 2);
      EventPage first = adapter.page(query);
      assertThat(first.events()).hasSize(2);
      assertThat(first.hasMore()).isTrue();
      assertThat(adapter.rateLimitedCalls()).isEqualTo(2);
      EventPage second =
          adapter.page(
              new EventQuery(query.types(), 0, now, first.events().getLast().id(), 2, true));
      assertThat(second.events()).hasSize(1);
      assertThat(second.hasMore()).isFalse();
      assertThat(second.events().getFirst().json()).contains("\"type\":\"customer.created\"");
      List<String> seen =
          new ArrayList<>(first.events().stream().map(StripeEventJson::id).toList());
      seen.add(second.events().getFirst().id());
      assertThat(seen).doesNotHaveDuplicates().hasSize(3);

      // More 429s than retries: the page fails as a whole (the reconciler keeps its checkpoint).
      rateLimit(stripe, 10);
      assertThatThrownBy(() -> adapter.page(query))
          .isInstanceOf(StripeEventsUnavailableException.class);
      assertThat(HandledEventTypes.isHandled("customer.created")).isFalse();
    } catch (com.stripe.exception.StripeException e) {
      throw new AssertionError(e);
    }
  }

  private static void rateLimit(LocalStripe stripe, int requests) {
    stripe.rateLimitNext(requests, "/v1/events");
  }

  private String eventIdOfLatest() {
    JsonObject list = backend.eventList(FormParams.parse("limit=1"));
    return list.getAsJsonArray("data").get(0).getAsJsonObject().get("id").getAsString();
  }

  private static List<String> idsOf(JsonObject list) {
    List<String> ids = new ArrayList<>();
    for (JsonElement e : list.getAsJsonArray("data")) {
      ids.add(e.getAsJsonObject().get("id").getAsString());
    }
    return ids;
  }

  private static Catalog catalog() {
    try {
      return Catalog.fromResource(Catalog.RESOURCE);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
