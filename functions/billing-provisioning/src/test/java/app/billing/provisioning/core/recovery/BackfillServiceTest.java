package app.billing.provisioning.core.recovery;

import static app.billing.provisioning.core.testing.StoryEvents.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.error.ConflictException;
import app.billing.core.error.NotFoundException;
import app.billing.core.model.ParkedEvent;
import app.billing.core.tenant.InMemoryTenantStore;
import app.billing.core.tenant.TenantProfile;
import app.billing.core.testing.InMemoryBillingStore;
import app.billing.provisioning.core.recovery.BackfillService.LinkedCustomer;
import app.billing.provisioning.core.recovery.BackfillService.TenantBackfill;
import app.billing.provisioning.core.testing.FakeStripeAccount;
import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.testkit.story.Story;
import com.stripe.model.Customer;
import com.stripe.model.Subscription;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which customers backfill and link-customer take, and what they refuse. */
class BackfillServiceTest {
  private final InMemoryTenantStore tenants = new InMemoryTenantStore();
  private final InMemoryBillingStore store = new InMemoryBillingStore();
  private final FakeStripeAccount stripe = new FakeStripeAccount();
  private final Clock clock = Clock.fixed(ServiceHarness.NOW, ZoneOffset.UTC);
  private final BackfillService service =
      new BackfillService(
          tenants,
          store,
          stripe,
          new RefetchedState(store, store, store, stripe, ServiceHarness.catalog(), clock),
          clock);

  @BeforeEach
  void account() {
    tenants.createTenant(
        new TenantProfile(
            "t_acme", "Acme", "billing@acme.test", "cus_profile", ServiceHarness.NOW));
    tenants.createTenant(
        new TenantProfile("t_globex", "Globex", "billing@globex.test", null, ServiceHarness.NOW));
    for (String id :
        List.of("cus_profile", "cus_linked", "cus_found", "cus_taken", "cus_dashboard")) {
      Customer c = object(Story.EMAIL_CHANGED, Customer.class);
      c.setId(id);
      c.setMetadata(
          switch (id) {
            case "cus_found", "cus_taken" -> Map.of("tenantId", "t_acme");
            default -> Map.of();
          });
      stripe.put(c);
    }
    Subscription sub = object(Story.UPGRADED_TO_PRO, Subscription.class);
    sub.setCustomer("cus_found");
    stripe.put(sub);
    store.link("cus_taken", "t_globex", ServiceHarness.NOW);
    store.link("cus_linked", "t_acme", ServiceHarness.NOW);
  }

  @Test
  void aTenantsCustomersAreItsProfilesItsLinkedAndTheTaggedOnesNotLinkedElsewhere() {
    TenantBackfill done = service.backfillTenant("t_acme");

    assertThat(done.customerIds()).containsExactly("cus_profile", "cus_linked", "cus_found");
    assertThat(store.linkedTenant("cus_found")).contains("t_acme");
    assertThat(store.linkedTenant("cus_taken")).contains("t_globex");
    assertThat(store.subscription("t_acme").orElseThrow().customerId()).isEqualTo("cus_found");
    assertThat(done.counts().subscriptions()).isEqualTo(1);
  }

  @Test
  void everyTenantListsTheCustomersOnceInsteadOfSearchingPerTenant() {
    List<TenantBackfill> done = service.backfillAll();

    assertThat(done)
        .extracting(TenantBackfill::tenantId)
        .containsExactlyInAnyOrder("t_acme", "t_globex");
    assertThat(done)
        .filteredOn(t -> t.tenantId().equals("t_acme"))
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.customerIds())
                    .containsExactly("cus_profile", "cus_linked", "cus_found"));
    assertThat(done)
        .filteredOn(t -> t.tenantId().equals("t_globex"))
        .singleElement()
        .satisfies(t -> assertThat(t.customerIds()).containsExactly("cus_taken"));
  }

  @Test
  void linkCustomerLinksAttachesBackfillsAndHandsBackTheParkedEvents() {
    store.park(
        new ParkedEvent("cus_dashboard", "evt_1", "invoice.paid", 1_790_000_000L, "{}"),
        ServiceHarness.NOW);

    LinkedCustomer linked = service.linkCustomer("t_globex", "cus_dashboard");

    assertThat(linked.newLink()).isTrue();
    assertThat(linked.parked()).extracting(ParkedEvent::eventId).containsExactly("evt_1");
    assertThat(store.linkedTenant("cus_dashboard")).contains("t_globex");
    assertThat(tenants.tenant("t_globex").orElseThrow().stripeCustomerId())
        .isEqualTo("cus_dashboard");
    assertThat(linked.backfill().customerIds()).containsExactly("cus_dashboard");
  }

  @Test
  void linkCustomerRefusesAnUnknownTenantAnUnknownCustomerAndAnotherTenantsCustomer() {
    assertThatThrownBy(() -> service.linkCustomer("t_nobody", "cus_dashboard"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no tenant t_nobody");
    assertThatThrownBy(() -> service.linkCustomer("t_acme", "cus_unknown"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.linkCustomer("t_acme", "cus_taken"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already linked to tenant t_globex");
    assertThat(store.linkedTenant("cus_unknown")).isEmpty();
  }
}
