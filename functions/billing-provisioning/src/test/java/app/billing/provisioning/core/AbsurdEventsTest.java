package app.billing.provisioning.core;

import static app.billing.provisioning.core.testing.StoryEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.Outcome;
import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.testkit.story.Story;
import com.google.gson.JsonObject;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An event the envelope reader refuses (issue 14) is a permanent failure for provisioning too,
 * found and recorded as failed before anything is looked up, written or sent: whatever path it came
 * by (webhook, redrive, reconciler), provisioning never applies it.
 */
class AbsurdEventsTest {
  private final ServiceHarness h = new ServiceHarness();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "created:1e999999999",
        "created:-1",
        "created:1.2e29",
        "amount_paid:1e30",
        "metadata:deep"
      })
  void isRefusedBeforeAnyCallToTheStoreOrStripe(String edit) {
    String payload = absurd(edit);

    Outcome outcome = h.service.process(payload);

    // Recorded as failed for good (unreadable), with nothing else looked up, written or sent.
    assertThat(outcome).isEqualTo(Outcome.FAILED);
    assertThat(h.store.failedEvents())
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).isEqualTo("unreadable_payload"));
    assertThat(h.store.calls()).as("only the failed-event record").isEqualTo(1);
    assertThat(h.store.auditLog()).isEmpty();
    assertThat(h.stripe.totalCalls()).isZero();
    assertThat(h.sender.attempts()).isZero();
  }

  private static String absurd(String edit) {
    String[] parts = edit.split(":", 2);
    String marker = "\"ABSURD\"";
    Consumer<JsonObject> put =
        root -> {
          JsonObject target =
              parts[0].equals("created")
                  ? root
                  : root.getAsJsonObject("data").getAsJsonObject("object");
          target.addProperty(parts[0], "ABSURD");
        };
    String value =
        parts[1].equals("deep") ? "{\"a\":".repeat(40_000) + "1" + "}".repeat(40_000) : parts[1];
    String payload = event(Story.TRIAL_INVOICE_PAID).payloadWith(put).replace(marker, value);
    assertThat(payload).contains(value);
    return payload;
  }
}
