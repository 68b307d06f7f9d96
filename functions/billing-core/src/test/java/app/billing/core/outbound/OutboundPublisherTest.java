package app.billing.core.outbound;

import static app.billing.core.outbound.OutboundMapperTest.PRO;
import static app.billing.core.outbound.OutboundMapperTest.STARTER;
import static app.billing.core.outbound.OutboundMapperTest.subscription;
import static app.billing.core.outbound.OutboundMapperTest.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.model.SubscriptionRecord;
import app.billing.core.port.OutboundEvents;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The at-least-once rules: a batch publishes what its writes changed; a retry (its writes now SAME)
 * publishes what the outbox still owes; after the published mark a retry publishes nothing.
 */
class OutboundPublisherTest {
  private final SubscriptionRecord starter =
      subscription("active", "starter", STARTER, null, v(0, "evt_a"));
  private final SubscriptionRecord pro = subscription("active", "pro", PRO, null, v(60, "evt_b"));

  private final RecordingBus bus = new RecordingBus();
  private final InMemoryOutboundOutbox outbox = new InMemoryOutboundOutbox();
  private final OutboundPublisher publisher =
      new OutboundPublisher(OutboundMapperTest.mapper(), bus, outbox);

  @Test
  void aBatchPublishesItsChangesOnceAtTheEnd() {
    OutboundPublisher.Batch batch = publisher.batch();
    batch.written(null, starter, "customer.subscription.created");
    batch.written(starter, pro, "customer.subscription.updated");
    assertThat(bus.calls).isEmpty();

    batch.publish();

    assertThat(bus.calls).hasSize(1);
    assertThat(bus.published())
        .extracting(OutboundMessage::detailType)
        .containsExactly(
            "billing.subscription.changed",
            "billing.access.changed",
            "billing.subscription.changed",
            "billing.access.changed");
  }

  @Test
  void aWriteThatChangedNothingVisibleStagesAndPublishesNothing() {
    OutboundPublisher.Batch batch = publisher.batch();
    batch.written(pro, subscription("active", "pro", PRO, null, v(90, "evt_c")), null);

    batch.publish();

    assertThat(outbox.stageCalls).isZero();
    assertThat(bus.calls).isEmpty();
  }

  @Test
  void aVersionWrittenAgainPublishesOnlyWhatIsStillOwed() {
    OutboundPublisher.Batch first = publisher.batch();
    first.written(starter, pro, "customer.subscription.updated");
    first.publish();

    // A redelivered same-second event settles its tie again and writes the same version.
    OutboundPublisher.Batch again = publisher.batch();
    again.written(starter, pro, "customer.subscription.updated");
    again.publish();

    assertThat(bus.published()).hasSize(2);
  }

  @Test
  void aRetryAfterTheBusFailedPublishesFromTheOutbox() {
    bus.failNext = true;
    OutboundPublisher.Batch first = publisher.batch();
    first.written(starter, pro, "customer.subscription.updated");
    assertThatThrownBy(first::publish).isInstanceOf(IllegalStateException.class);

    // The redelivered event finds its version stored: the write is SAME.
    OutboundPublisher.Batch retry = publisher.batch();
    retry.alreadyStored(pro);
    retry.publish();

    assertThat(bus.published()).hasSize(2);
    OutboundPublisher.Batch later = publisher.batch();
    later.alreadyStored(pro);
    later.publish();
    assertThat(bus.published()).as("marked after the retry").hasSize(2);
  }

  @Test
  void aCrashBetweenTheBusAndTheMarkPublishesOnceMoreThenNever() {
    DyingOutbox dying = new DyingOutbox(outbox);
    OutboundPublisher crashing = new OutboundPublisher(OutboundMapperTest.mapper(), bus, dying);
    OutboundPublisher.Batch first = crashing.batch();
    first.written(starter, pro, "customer.subscription.updated");
    assertThatThrownBy(first::publish).hasMessage("process died");
    assertThat(bus.published()).hasSize(2);

    OutboundPublisher.Batch retry = publisher.batch();
    retry.alreadyStored(pro);
    retry.publish();
    assertThat(bus.published()).as("published once more: consumers dedupe by id").hasSize(4);
    assertThat(bus.published().subList(2, 4))
        .extracting(OutboundMessage::id)
        .containsExactlyElementsOf(
            bus.published().subList(0, 2).stream().map(OutboundMessage::id).toList());

    OutboundPublisher.Batch again = publisher.batch();
    again.alreadyStored(pro);
    again.publish();
    assertThat(bus.published()).as("after the mark, nothing").hasSize(4);
  }

  @Test
  void aRedeliveryOfAPublishedChangePublishesNothing() {
    OutboundPublisher.Batch first = publisher.batch();
    first.written(starter, pro, "customer.subscription.updated");
    first.publish();

    OutboundPublisher.Batch redelivery = publisher.batch();
    redelivery.alreadyStored(pro);
    redelivery.publish();

    assertThat(bus.calls).hasSize(1);
  }

  static final class RecordingBus implements OutboundEvents {
    final List<List<OutboundMessage>> calls = new ArrayList<>();
    boolean failNext;

    @Override
    public void publish(List<OutboundMessage> messages) {
      if (failNext) {
        failNext = false;
        throw new IllegalStateException("EventBridge unavailable");
      }
      calls.add(List.copyOf(messages));
    }

    List<OutboundMessage> published() {
      return calls.stream().flatMap(List::stream).toList();
    }
  }

  /** The process dies right after the bus accepted: the mark is never written. */
  private record DyingOutbox(InMemoryOutboundOutbox delegate)
      implements app.billing.core.port.OutboundOutbox {
    @Override
    public boolean stage(String recordVersion, List<OutboundMessage> messages) {
      return delegate.stage(recordVersion, messages);
    }

    @Override
    public List<OutboundMessage> unpublished(Collection<String> recordVersions) {
      return delegate.unpublished(recordVersions);
    }

    @Override
    public void markPublished(Collection<String> recordVersions) {
      throw new IllegalStateException("process died");
    }
  }
}
