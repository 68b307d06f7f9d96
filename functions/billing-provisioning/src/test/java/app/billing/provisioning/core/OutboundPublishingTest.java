package app.billing.provisioning.core;

import static app.billing.provisioning.core.testing.StoryEvents.event;
import static app.billing.provisioning.core.testing.StoryEvents.story;
import static app.billing.testkit.story.Story.CREDITS_PURCHASED;
import static app.billing.testkit.story.Story.FIRST_INVOICE_PAID;
import static app.billing.testkit.story.Story.RENEWAL_PAYMENT_FAILED;
import static app.billing.testkit.story.Story.TRIAL_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.access.AccessPolicy;
import app.billing.core.outbound.InMemoryOutboundOutbox;
import app.billing.core.outbound.OutboundMapper;
import app.billing.core.outbound.OutboundMessage;
import app.billing.core.outbound.OutboundPublisher;
import app.billing.core.port.OutboundEvents;
import app.billing.core.testing.StoryEvent;
import app.billing.provisioning.core.testing.ServiceHarness;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Provisioning publishes a record's change once per new version, never for stale or duplicates. */
class OutboundPublishingTest {

  /** A bus that keeps what it accepted and can refuse the next publications. */
  static final class RecordingBus implements OutboundEvents {
    final List<OutboundMessage> accepted = new ArrayList<>();
    int refuseNext;

    @Override
    public synchronized void publish(List<OutboundMessage> messages) {
      if (refuseNext > 0) {
        refuseNext--;
        throw new IllegalStateException("bus unavailable");
      }
      accepted.addAll(messages);
    }

    List<String> types() {
      return accepted.stream().map(OutboundMessage::detailType).toList();
    }
  }

  final ServiceHarness harness = new ServiceHarness();
  final RecordingBus bus = new RecordingBus();
  final InMemoryOutboundOutbox outbox = new InMemoryOutboundOutbox();
  final OutboundPublisher publisher =
      new OutboundPublisher(
          new OutboundMapper(
              ServiceHarness.catalog(), new AccessPolicy(AccessPolicy.DEFAULT_PAST_DUE_GRACE)),
          bus,
          outbox);

  /** One SQS batch: every event processed, then the batch's writes and publication. */
  void batch(List<StoryEvent> events) {
    BatchWrites writes = new BatchWrites(publisher);
    for (StoryEvent event : events) {
      harness.service.process(event.payload(), writes);
    }
    harness.service.writeBatch(writes);
  }

  @Test
  void theStoryInOrderPublishesEachChangeOnce() {
    story().forEach(e -> batch(List.of(e)));

    assertThat(bus.types())
        .contains(
            "billing.subscription.changed",
            "billing.access.changed",
            "billing.entitlements.changed",
            "billing.payment.succeeded",
            "billing.payment.failed",
            "billing.purchase.completed");
    assertThat(bus.accepted).extracting(OutboundMessage::id).doesNotHaveDuplicates();
  }

  @Test
  void duplicatedDeliveryPublishesExactlyWhatOneDeliveryDoes() {
    story().forEach(e -> batch(List.of(e)));
    List<String> once = bus.accepted.stream().map(OutboundMessage::id).toList();

    // Every event again, in batches and singly: all SAME, the outbox says all went out.
    batch(story());
    story().forEach(e -> batch(List.of(e, e)));

    assertThat(bus.accepted).extracting(OutboundMessage::id).containsExactlyElementsOf(once);
  }

  @Test
  void shuffledAndDuplicatedEndsInTheSameAccessPerSubjectAndNeverRepeats() {
    story().forEach(e -> batch(List.of(e)));
    Map<String, String> inOrder = lastAccessBySubject(bus.accepted);

    for (long seed = 1; seed <= 10; seed++) {
      OutboundPublishingTest shuffled = new OutboundPublishingTest();
      List<StoryEvent> deliveries = new ArrayList<>(story());
      deliveries.addAll(story());
      Collections.shuffle(deliveries, new Random(seed));
      for (int from = 0; from < deliveries.size(); from += 10) {
        shuffled.batch(deliveries.subList(from, Math.min(from + 10, deliveries.size())));
      }
      assertThat(shuffled.bus.accepted)
          .as("seed %d", seed)
          .extracting(OutboundMessage::id)
          .doesNotHaveDuplicates();
      // Stale deliveries publish nothing, so an intermediate state may be skipped; ordered by
      // version, the last access each subscription reported means the same now (grace that ran
      // out is none: running out publishes nothing).
      assertThat(lastAccessBySubject(shuffled.bus.accepted)).as("seed %d", seed).isEqualTo(inOrder);
    }
  }

  @Test
  void aFailedPublishFailsTheBatchAndItsRetryPublishesTheOwedEventsOnce() {
    List<StoryEvent> events =
        List.of(event(TRIAL_STARTED), event(FIRST_INVOICE_PAID), event(CREDITS_PURCHASED));
    bus.refuseNext = 1;
    assertThatThrownBy(() -> batch(events)).hasMessage("bus unavailable");
    assertThat(bus.accepted).isEmpty();

    // SQS redelivers the batch: every write is SAME, the outbox still owes their events.
    batch(events);
    List<String> published = bus.types();
    assertThat(published)
        .contains(
            "billing.subscription.changed", "billing.access.changed", "billing.purchase.completed");

    // Published and marked: a further redelivery publishes nothing.
    batch(events);
    batch(List.of(event(RENEWAL_PAYMENT_FAILED)));
    batch(List.of(event(RENEWAL_PAYMENT_FAILED)));
    assertThat(bus.types())
        .hasSize(published.size() + 1)
        .last()
        .isEqualTo("billing.payment.failed");
  }

  @Test
  void withoutAPublisherNothingIsStagedOrRead() {
    story().forEach(e -> harness.service.process(e.payload()));
    assertThat(bus.accepted).isEmpty();
    assertThat(outbox.unpublished(List.of("any"))).isEmpty();
  }

  /** The reported access as a consumer honouring {@code accessUntil} sees it at the story's end. */
  private static String accessNow(JsonObject detail) {
    JsonObject after = detail.getAsJsonObject("after");
    String access = after.get("access").getAsString();
    boolean ranOut =
        access.equals("grace")
            && !Instant.parse(after.get("accessUntil").getAsString()).isAfter(ServiceHarness.NOW);
    return ranOut || access.equals("none") ? "none" : access + " " + after.get("plan");
  }

  private static Map<String, String> lastAccessBySubject(List<OutboundMessage> messages) {
    Function<OutboundMessage, JsonObject> detail =
        m -> JsonParser.parseString(m.detail()).getAsJsonObject();
    return messages.stream()
        .filter(m -> m.detailType().equals("billing.access.changed"))
        .map(detail)
        .sorted(
            Comparator.comparing(
                (JsonObject d) -> d.getAsJsonObject("version").get("created").getAsLong()))
        .collect(
            Collectors.toMap(
                d -> d.get("subject").getAsString(),
                OutboundPublishingTest::accessNow,
                (earlier, later) -> later,
                LinkedHashMap::new));
  }
}
