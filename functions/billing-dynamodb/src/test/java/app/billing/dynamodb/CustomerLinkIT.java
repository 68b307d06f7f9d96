package app.billing.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.ParkedEvent;
import app.billing.core.port.CustomerLinks.CustomerLookup;
import app.billing.core.port.CustomerLinks.Link;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CustomerLinkIT extends DynaliteTestSupport {
  private static final String CUSTOMER = "cus_Q8fJ2kLmN3pR7s";
  private static final Instant NOW = Instant.parse("2025-03-01T09:13:00Z");

  @Test
  void firstLinkWinsAndLaterLinksReportIt() {
    assertThat(store.link(CUSTOMER, "tn_first", NOW)).isEqualTo(new Link("tn_first", true));
    assertThat(store.link(CUSTOMER, "tn_first", NOW.plusSeconds(1)))
        .isEqualTo(new Link("tn_first", false));
    assertThat(store.link(CUSTOMER, "tn_second", NOW.plusSeconds(2)))
        .isEqualTo(new Link("tn_first", false));

    assertThat(store.lookup(CUSTOMER).tenantId()).contains("tn_first");
    var item = rawItem(BillingTable.customerPk(CUSTOMER), BillingTable.LINK_SK);
    assertThat(Items.string(item, "type")).isEqualTo(BillingTable.TYPE_CUSTOMER_LINK);
    assertThat(Items.string(item, "customerId")).isEqualTo(CUSTOMER);
    assertThat(Items.string(item, "linkedAt")).isEqualTo(NOW.toString());
  }

  @Test
  void lookupReturnsTheLinkAndTheParkedEventsOldestFirst() {
    ParkedEvent invoiceCreated = parked("evt_3", "invoice.created", 1_740_820_370L);
    ParkedEvent subscriptionCreated =
        parked("evt_1", "customer.subscription.created", 1_740_820_365L);
    ParkedEvent invoicePaid = parked("evt_4", "invoice.paid", 1_740_820_371L);
    ParkedEvent sameSecond = parked("evt_2", "customer.updated", 1_740_820_365L);
    for (ParkedEvent event :
        List.of(invoiceCreated, subscriptionCreated, invoicePaid, sameSecond)) {
      store.park(event, NOW);
    }
    store.park(invoicePaid, NOW.plusSeconds(5)); // redelivery: parked once

    assertThat(store.lookup(CUSTOMER))
        .isEqualTo(
            new CustomerLookup(
                Optional.empty(),
                List.of(subscriptionCreated, sameSecond, invoiceCreated, invoicePaid)));

    store.link(CUSTOMER, "tn_8c1f2e4a", NOW);
    store.unpark(subscriptionCreated);
    store.unpark(sameSecond);

    assertThat(store.lookup(CUSTOMER))
        .isEqualTo(
            new CustomerLookup(Optional.of("tn_8c1f2e4a"), List.of(invoiceCreated, invoicePaid)));
  }

  @Test
  void lookupOfAnUnknownCustomerIsEmpty() {
    assertThat(store.lookup("cus_unknown"))
        .isEqualTo(new CustomerLookup(Optional.empty(), List.of()));
  }

  @Test
  void lookupReadsAllPagesOfLargeParkedEvents() {
    // ~1.5 MB in total: more than one 1 MB Query page
    String body = "x".repeat(150_000);
    List<ParkedEvent> events = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ParkedEvent event =
          new ParkedEvent(
              CUSTOMER,
              "evt_big_" + i,
              "invoice.finalized",
              1_740_820_400L + i,
              "{\"id\":\"evt_big_" + i + "\",\"pad\":\"" + body + "\"}");
      store.park(event, NOW);
      events.add(event);
    }
    store.link(CUSTOMER, "tn_8c1f2e4a", NOW);

    CustomerLookup lookup = store.lookup(CUSTOMER);
    assertThat(lookup.tenantId()).contains("tn_8c1f2e4a");
    assertThat(lookup.parked()).containsExactlyElementsOf(events);
  }

  @Test
  void parkedItemLayout() {
    ParkedEvent event = parked("evt_1", "customer.subscription.created", 1_740_820_365L);
    store.park(event, NOW);

    var item = rawItem(BillingTable.customerPk(CUSTOMER), "PARKED#001740820365#evt_1");
    assertThat(Items.string(item, "type")).isEqualTo(BillingTable.TYPE_PARKED_EVENT);
    assertThat(Items.string(item, "eventType")).isEqualTo("customer.subscription.created");
    assertThat(Items.string(item, "created")).isEqualTo("2025-03-01T09:12:45Z");
    assertThat(Items.string(item, "payload")).isEqualTo(event.payload());
    // Expires with Stripe's own 30 days of event retention, unless the customer is linked before.
    assertThat(Items.number(item, "expiresAt"))
        .isEqualTo(NOW.plus(EventItems.PARKED_TTL).getEpochSecond());
  }

  private static ParkedEvent parked(String eventId, String type, long created) {
    String payload =
        "{\"id\":\""
            + eventId
            + "\",\"object\":\"event\",\"type\":\""
            + type
            + "\",\"created\":"
            + created
            + ",\"data\":{\"object\":{\"customer\":\""
            + CUSTOMER
            + "\"}}}";
    return new ParkedEvent(CUSTOMER, eventId, type, created, payload);
  }
}
