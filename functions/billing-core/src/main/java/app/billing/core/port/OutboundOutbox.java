package app.billing.core.port;

import app.billing.core.outbound.OutboundMessage;
import java.util.Collection;
import java.util.List;

/**
 * The events owed for each record version until the bus accepted them. A redelivery of an event
 * finds its record already stored (a {@code SAME} write) and so cannot map the change again; it
 * publishes what is staged here and not yet marked published.
 */
public interface OutboundOutbox {

  /**
   * Keeps the messages of one record version, unpublished. Never resets a version already staged
   * (or published): the first staging wins.
   *
   * @return false when the version was staged before (a same-second tie settled again on a
   *     redelivery writes the same version twice): then only what is unpublished is owed
   */
  boolean stage(String recordVersion, List<OutboundMessage> messages);

  /** The staged messages of these record versions that are not marked published. */
  List<OutboundMessage> unpublished(Collection<String> recordVersions);

  /** The bus accepted every message of these record versions. */
  void markPublished(Collection<String> recordVersions);
}
