package app.billing.core.outbound;

import app.billing.core.port.OutboundOutbox;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The outbox in memory, with the DynamoDB adapter's rules: the first staging of a version wins. */
public final class InMemoryOutboundOutbox implements OutboundOutbox {
  private final Map<String, List<OutboundMessage>> staged = new LinkedHashMap<>();
  private final Set<String> published = new HashSet<>();
  int stageCalls;

  @Override
  public synchronized boolean stage(String recordVersion, List<OutboundMessage> messages) {
    stageCalls++;
    return staged.putIfAbsent(recordVersion, List.copyOf(messages)) == null;
  }

  @Override
  public synchronized List<OutboundMessage> unpublished(Collection<String> recordVersions) {
    List<OutboundMessage> owed = new ArrayList<>();
    for (String version : recordVersions) {
      if (!published.contains(version)) {
        owed.addAll(staged.getOrDefault(version, List.of()));
      }
    }
    return owed;
  }

  @Override
  public synchronized void markPublished(Collection<String> recordVersions) {
    published.addAll(recordVersions);
  }
}
