package app.billing.provisioning.core;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.provisioning.core.testing.StoryEvents;
import app.billing.testkit.story.Story;
import org.junit.jupiter.api.Test;

/** {@code customer.deleted} detaches the customer from its tenant; history stays. */
class DeletedCustomerTest {
  private final ServiceHarness harness = new ServiceHarness();

  @Test
  void theWholeStoryLeavesTheTenantWithoutACustomerButKeepsTheLinkAndRecords() {
    harness.tenants.customer(Story.TENANT, Story.CUSTOMER);

    harness.processAll(StoryEvents.events(Story.customerSteps()));

    assertThat(harness.tenants.customerOf(Story.TENANT)).isEmpty();
    assertThat(harness.store.linkedTenant(Story.CUSTOMER)).contains(Story.TENANT);
    assertThat(harness.store.customer(Story.TENANT).orElseThrow().deleted()).isTrue();
    assertThat(harness.store.subscription(Story.TENANT)).isPresent();
  }

  @Test
  void aNewerCustomerOfTheTenantIsLeftAlone() {
    harness.processAll(StoryEvents.events(Story.customerSteps()));
    harness.tenants.customer(Story.TENANT, "cus_newer");

    harness.process(StoryEvents.event(Story.CUSTOMER_DELETED));

    assertThat(harness.tenants.customerOf(Story.TENANT)).contains("cus_newer");
  }
}
