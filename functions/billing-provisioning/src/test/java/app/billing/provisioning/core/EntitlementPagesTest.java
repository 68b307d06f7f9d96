package app.billing.provisioning.core;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.provisioning.core.testing.StoryEvents;
import app.billing.testkit.story.Story;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The summary event embeds one page of entitlements; with {@code has_more}, all are read. */
class EntitlementPagesTest {
  private static final List<String> FEATURES =
      IntStream.rangeClosed(1, 25).mapToObj(i -> "feature_" + i).toList();

  private final ServiceHarness harness = new ServiceHarness();

  @Test
  void aSummaryWithMorePagesStoresEveryFeature() {
    harness.process(StoryEvents.event(Story.TRIAL_CHECKOUT_COMPLETED));
    harness.stripe.putEntitlements(Story.CUSTOMER, FEATURES);
    JsonObject event =
        JsonParser.parseString(StoryEvents.event(Story.PRO_ENTITLEMENTS_GRANTED).payload())
            .getAsJsonObject();
    event
        .getAsJsonObject("data")
        .getAsJsonObject("object")
        .getAsJsonObject("entitlements")
        .addProperty("has_more", true);

    harness.service.process(event.toString());

    assertThat(harness.store.entitlements(Story.TENANT).orElseThrow().lookupKeys())
        .containsExactlyInAnyOrderElementsOf(FEATURES);
  }

  @Test
  void aSummaryOnOnePageNeedsNoRead() {
    harness.process(StoryEvents.event(Story.TRIAL_CHECKOUT_COMPLETED));
    harness.stripe.putEntitlements(Story.CUSTOMER, FEATURES);

    harness.process(StoryEvents.event(Story.PRO_ENTITLEMENTS_GRANTED));

    assertThat(harness.store.entitlements(Story.TENANT).orElseThrow().lookupKeys())
        .isNotEmpty()
        .doesNotContainAnyElementsOf(FEATURES);
  }
}
