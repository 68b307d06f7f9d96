package app.billing.core.provisioning;

import app.billing.core.model.AuditEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Audit entries of the events processed in one SQS batch, written together once the batch is done
 * ({@link ProvisioningService#writeAudit}) instead of one request per event. Lanes of a batch add to
 * it concurrently.
 */
public final class AuditTrail {
  private final List<AuditEntry> entries = new ArrayList<>();

  synchronized void add(AuditEntry entry) {
    entries.add(entry);
  }

  public synchronized List<AuditEntry> entries() {
    return List.copyOf(entries);
  }
}
