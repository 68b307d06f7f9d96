package app.billing.provisioning.core;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.config.StripeMode;
import app.billing.core.email.EmailKind;
import app.billing.core.metrics.EmfMetrics;
import app.billing.core.model.Outcome;
import app.billing.core.testing.Fixtures;
import app.billing.core.testing.InMemoryBillingStore;
import app.billing.core.testing.StoryEvent;
import app.billing.provisioning.core.testing.FakeStripeGateway;
import app.billing.provisioning.core.testing.FakeTenantDirectory;
import app.billing.provisioning.core.testing.RecordingEmailSender;
import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.provisioning.core.testing.StoryEvents;
import app.billing.testkit.story.Story;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The customer story through provisioning with the real EMF writer: the lines flushed once at the
 * end, parsed back, must count what the service did (outcomes it returned, emails the sender got).
 */
class ProvisioningMetricsTest {
  private final List<String> lines = new ArrayList<>();
  private final EmfMetrics metrics =
      new EmfMetrics(
          "StripeBilling",
          "provisioning",
          Clock.fixed(ServiceHarness.NOW, ZoneOffset.UTC),
          lines::add);
  private final InMemoryBillingStore store = new InMemoryBillingStore();
  private final RecordingEmailSender sender = new RecordingEmailSender();
  private final ProvisioningService service =
      new ProvisioningService(
          store,
          FakeStripeGateway.fromStory(Fixtures.story())
              .putCheckoutPriceIds(
                  Fixtures.PURCHASE_CHECKOUT, List.of(ServiceHarness.workshopPriceId())),
          ServiceHarness.catalog(),
          ServiceHarness.composer(),
          sender,
          new TrustedLinks(StripeMode.TEST, StoryEvents.TOKEN, new FakeTenantDirectory()),
          Clock.fixed(ServiceHarness.NOW, ZoneOffset.UTC),
          metrics);

  @Test
  void theStoryCountsEveryEventByTypeAndOutcomeAndEveryEmailByKind() {
    List<StoryEvent> events = StoryEvents.events(Story.customerSteps());
    List<String> outcomes = new ArrayList<>();
    Map<String, Long> expectedByType = new HashMap<>();
    for (StoryEvent event : events) {
      Outcome outcome = service.process(event.payload());
      outcomes.add(outcome.wireName());
      expectedByType.merge(event.type() + "/" + outcome.wireName(), 1L, Long::sum);
    }
    metrics.flush();

    Map<String, Long> byTypeAndOutcome = new HashMap<>();
    Map<String, Long> emailsSent = new HashMap<>();
    for (JsonObject line : parsed()) {
      if (line.has("EventsProcessed")) {
        byTypeAndOutcome.merge(
            line.get("EventType").getAsString() + "/" + line.get("Outcome").getAsString(),
            line.get("EventsProcessed").getAsLong(),
            Long::sum);
      }
      if (line.has("EmailsSent")) {
        emailsSent.merge(
            line.get("Kind").getAsString(), line.get("EmailsSent").getAsLong(), Long::sum);
      }
    }
    assertThat(byTypeAndOutcome).isEqualTo(expectedByType);
    assertThat(byTypeAndOutcome.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(events.size());
    assertThat(emailsSent)
        .isEqualTo(
            sender.kinds().stream()
                .collect(Collectors.groupingBy(EmailKind::template, Collectors.counting())));
    assertThat(emailsSent).containsEntry("welcome", 1L).containsEntry("purchase-receipt", 1L);
    assertThat(total("EmailsFailed")).isZero();
    assertThat(total("EventsFailed")).isZero();
    assertThat(total("EventsParked")).isEqualTo(outcomes.stream().filter("parked"::equals).count());
  }

  @Test
  void anEmailRefusedForGoodCountsAFailedEmailAndAFailedEvent() {
    sender.rejectNext(1);
    for (StoryEvent event : StoryEvents.events(Story.customerSteps())) {
      service.process(event.payload());
    }
    metrics.flush();

    assertThat(total("EmailsFailed")).isEqualTo(1);
    assertThat(total("EventsFailed")).isEqualTo(1);
    assertThat(store.failedEvents()).hasSize(1);
  }

  private List<JsonObject> parsed() {
    return lines.stream().map(JsonParser::parseString).map(JsonElement::getAsJsonObject).toList();
  }

  private long total(String metric) {
    return parsed().stream()
        .filter(line -> line.has(metric))
        .mapToLong(line -> line.get(metric).getAsLong())
        .sum();
  }
}
