package app.billing.core.port.contract;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.ParkedEvent;
import app.billing.core.port.CustomerLinks;
import app.billing.core.port.CustomerLinks.LinkedCustomer;
import app.billing.core.port.CustomerLinks.ParkedListing;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CustomerLinks} does; run against the in-memory fake (billing-core) and the
 * DynamoDB adapter (billing-dynamodb ITs). A subclass returns a fresh, empty store per test.
 */
public abstract class CustomerLinksContract {
  private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

  protected abstract CustomerLinks customerLinks();

  private static ParkedEvent parked(String customerId, String eventId, long created) {
    return new ParkedEvent(
        customerId,
        eventId,
        "customer.subscription.created",
        created,
        "{\"id\":\"" + eventId + "\"}");
  }

  @Test
  void theFirstLinkWinsAndLinkingAgainChangesNothing() {
    CustomerLinks links = customerLinks();
    assertThat(links.lookup("cus_A").tenantId()).isEmpty();

    assertThat(links.link("cus_A", "ten_1", T0)).isEqualTo(new CustomerLinks.Link("ten_1", true));
    assertThat(links.link("cus_A", "ten_1", T0.plusSeconds(5)))
        .isEqualTo(new CustomerLinks.Link("ten_1", false));
    // Another tenant never takes a linked customer over: the answer names the owner.
    assertThat(links.link("cus_A", "ten_2", T0.plusSeconds(9)))
        .isEqualTo(new CustomerLinks.Link("ten_1", false));

    assertThat(links.lookup("cus_A").tenantId()).contains("ten_1");
    assertThat(links.link("cus_B", "ten_1", T0).created()).isTrue();
    assertThat(links.linkedCustomers())
        .containsExactlyInAnyOrder(
            new LinkedCustomer("cus_A", "ten_1"), new LinkedCustomer("cus_B", "ten_1"));
  }

  @Test
  void parkedEventsComeBackWithTheirCustomersLookupUntilUnparked() {
    CustomerLinks links = customerLinks();
    ParkedEvent later = parked("cus_A", "evt_2", 200);
    ParkedEvent earlier = parked("cus_A", "evt_1", 100);
    ParkedEvent other = parked("cus_B", "evt_3", 150);
    links.park(later, T0);
    links.park(earlier, T0.plusSeconds(1));
    links.park(other, T0.plusSeconds(2));
    // Parking again (a redelivery) keeps one copy.
    links.park(earlier, T0.plusSeconds(3));

    assertThat(links.lookup("cus_A").parked()).containsExactlyInAnyOrder(earlier, later);
    assertThat(links.parkedEvents())
        .extracting(ParkedListing::event)
        .containsExactly(earlier, other, later);
    assertThat(links.parkedEvents())
        .allSatisfy(listing -> assertThat(listing.expiresAt()).isAfter(listing.parkedAt()));

    links.unpark(earlier);
    links.unpark(earlier);
    assertThat(links.lookup("cus_A").parked()).containsExactly(later);
    assertThat(links.lookup("cus_B").parked()).containsExactly(other);
  }
}
