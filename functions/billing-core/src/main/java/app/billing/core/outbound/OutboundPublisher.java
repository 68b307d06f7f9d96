package app.billing.core.outbound;

import app.billing.core.port.OutboundEvents;
import app.billing.core.port.OutboundOutbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Publishes the outbound events of a batch of record writes, at least once and, where it can, once.
 *
 * <p>Per batch: each write that stored a new version maps its change ({@link OutboundMapper}) and
 * stages the messages in the outbox right away; each write that found its version already stored (a
 * redelivery, or the retry of a batch that failed later) asks for what is still unpublished of that
 * version. At the end of the batch everything owed goes on the bus in one call, then the record
 * versions are marked published.
 *
 * <ul>
 *   <li>The bus fails: {@link Batch#publish()} throws; the caller fails the batch, and the retry's
 *       writes find their versions stored and publish what the outbox still owes.
 *   <li>The process dies between the bus accepting and the mark: the retry publishes those events
 *       once more (consumers dedupe by id). After the mark, a retry publishes nothing.
 *   <li>The process dies between a record write and its staging: that change is not published. The
 *       window is one DynamoDB round trip; closing it needs the staging in the record write's
 *       transaction.
 * </ul>
 */
public final class OutboundPublisher {
  private final OutboundMapper mapper;
  private final OutboundEvents bus;
  private final OutboundOutbox outbox;

  public OutboundPublisher(OutboundMapper mapper, OutboundEvents bus, OutboundOutbox outbox) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.bus = Objects.requireNonNull(bus, "bus");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
  }

  /** One per batch of queue messages; the batch's lanes add to it concurrently. */
  public Batch batch() {
    return new Batch();
  }

  public final class Batch {
    private final Map<String, OutboundMessage> owed = new LinkedHashMap<>();
    private final Set<String> versions = new LinkedHashSet<>();
    private final Set<String> redelivered = new LinkedHashSet<>();

    private Batch() {}

    /**
     * A versioned write stored {@code after} over {@code before} (WRITTEN, or a tie settled by
     * refetching). Stages the change's messages in the outbox.
     *
     * @param before the record the write replaced; null when there was none
     * @param stripeEventType the Stripe event's type; null for refetched state
     */
    public synchronized void written(Object before, Object after, String stripeEventType) {
      List<OutboundMessage> messages =
          mapper.events(before, after, stripeEventType).stream()
              .map(OutboundJson::message)
              .toList();
      if (messages.isEmpty()) {
        return;
      }
      String version = messages.get(0).recordVersion();
      if (!outbox.stage(version, messages)) {
        // Written before (a same-second tie settled again): owed only if not yet published.
        redelivered.add(version);
        return;
      }
      versions.add(version);
      messages.forEach(m -> owed.put(m.id(), m));
    }

    /** A versioned write found {@code stored} to be this very version already (SAME). */
    public synchronized void alreadyStored(Object stored) {
      redelivered.add(OutboundMapper.recordVersion(stored));
    }

    /**
     * Puts everything owed on the bus, then marks it published.
     *
     * @throws RuntimeException when the bus or the outbox failed: fail the batch
     */
    public synchronized void publish() {
      if (!redelivered.isEmpty()) {
        for (OutboundMessage m : outbox.unpublished(redelivered)) {
          owed.putIfAbsent(m.id(), m);
          versions.add(m.recordVersion());
        }
        redelivered.clear();
      }
      if (owed.isEmpty()) {
        return;
      }
      bus.publish(new ArrayList<>(owed.values()));
      outbox.markPublished(versions);
      owed.clear();
      versions.clear();
    }
  }
}
