package app.billing.provisioning.core;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.Outcome;
import app.billing.core.testing.StoryEvent;
import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.provisioning.core.testing.StoryEvents;
import app.billing.testkit.story.Story;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** A test-mode deployment skips live events (and the reverse) without failing them. */
class OtherModeTest {
  private final ServiceHarness harness = new ServiceHarness();

  @Test
  void aLiveEventInATestDeploymentIsSkippedNotFailed() {
    JsonObject json =
        JsonParser.parseString(StoryEvents.event(Story.TRIAL_CHECKOUT_COMPLETED).payload())
            .getAsJsonObject();
    json.addProperty("livemode", true);

    Outcome outcome = harness.service.process(json.toString());

    assertThat(outcome).isEqualTo(Outcome.IGNORED);
    assertThat(harness.store.linkedTenant(Story.CUSTOMER)).isEmpty();
    assertThat(harness.store.subscription(Story.TENANT)).isEmpty();
    assertThat(harness.store.failedEvents()).isEmpty();
    assertThat(harness.store.parked()).isEmpty();
  }

  @Test
  void anEventOfTheDeploymentsModeIsApplied() {
    StoryEvent event = StoryEvents.event(Story.TRIAL_CHECKOUT_COMPLETED);

    assertThat(harness.process(event)).isEqualTo(Outcome.APPLIED);
    assertThat(harness.store.linkedTenant(Story.CUSTOMER)).contains(Story.TENANT);
  }
}
