package app.billing.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.ParkedEvent;
import app.billing.core.tenant.TenantProfile;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.provisioning.StoryEvents.StoryEvent;
import app.billing.testkit.story.Story;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who may link a customer to a tenant, through the real handler and DynamoDB: only a session our
 * checkout signed.
 */
class TrustedLinksIT extends PipelineTestSupport {
  private static final String VICTIM = "usr_victim";

  @Test
  void aCheckoutNamingAnotherTenantWithoutAValidTokenLinksNothingAndParks() {
    Pipeline.Wired wired = pipeline.wire();
    new DynamoTenantStore(pipeline.dynamo, wired.table())
        .createTenant(
            new TenantProfile(
                VICTIM,
                "Victim",
                "billing@victim.test",
                null,
                Instant.parse("2026-01-01T00:00:00Z")));
    // As a Payment Link with ?client_reference_id=usr_victim would send it: no token.
    StoryEvent forged =
        StoryEvents.variant(
            StoryEvents.event(Story.TRIAL_CHECKOUT_COMPLETED),
            "evt_forged_checkout",
            json -> {
              var session = StoryEvents.dataObject(json);
              session.addProperty("client_reference_id", VICTIM);
              session.remove("metadata");
            });

    assertThat(wired.deliver(List.of(forged)).getBatchItemFailures()).isEmpty();

    var lookup = wired.store().lookup(Story.CUSTOMER);
    assertThat(lookup.tenantId()).isEmpty();
    assertThat(lookup.parked()).extracting(ParkedEvent::eventId).containsExactly(forged.id());
  }

  @Test
  void theCheckoutOurCheckoutSignedLinksItsCustomer() {
    Pipeline.Wired wired = pipeline.wire();

    assertThat(
            wired
                .deliver(List.of(StoryEvents.event(Story.TRIAL_CHECKOUT_COMPLETED)))
                .getBatchItemFailures())
        .isEmpty();

    assertThat(wired.store().lookup(Story.CUSTOMER).tenantId()).contains(Story.TENANT);
  }
}
