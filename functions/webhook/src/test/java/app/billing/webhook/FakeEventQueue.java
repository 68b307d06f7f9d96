package app.billing.webhook;

import app.billing.core.event.EventEnvelope;
import app.billing.core.port.EventQueue;
import java.util.ArrayList;
import java.util.List;

/** An in-memory {@link EventQueue} that records what was enqueued, or fails on demand. */
public final class FakeEventQueue implements EventQueue {
  public record Sent(EventEnvelope envelope, String payload) {}

  private final List<Sent> sent = new ArrayList<>();
  private RuntimeException failure;

  @Override
  public void enqueue(EventEnvelope envelope, String payload) {
    if (failure != null) {
      throw failure;
    }
    sent.add(new Sent(envelope, payload));
  }

  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** Every later enqueue throws {@code failure}. */
  public void failWith(RuntimeException failure) {
    this.failure = failure;
  }
}
