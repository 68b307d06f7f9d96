package app.billing.provisioning.core;

import app.billing.core.model.AuditEntry;
import app.billing.core.outbound.OutboundPublisher;
import app.billing.core.port.EmailGuards.SentEmail;
import java.util.ArrayList;
import java.util.List;

/**
 * What the events of one SQS batch leave to the end of the batch: their audit entries, and the
 * marks of emails SES accepted whose immediate mark failed (a second chance). {@link
 * ProvisioningService#writeBatch} writes them together, many per request, instead of one request
 * each, then publishes the batch's outbound events. Lanes of a batch add to it concurrently.
 */
public final class BatchWrites {
  private final List<AuditEntry> auditEntries = new ArrayList<>();
  private final List<SentEmail> sentEmails = new ArrayList<>();
  private final OutboundPublisher.Batch outbound;

  /** A batch that publishes no outbound events. */
  public BatchWrites() {
    this.outbound = null;
  }

  /** A batch whose record changes are published at its end ({@link #publishOutbound}). */
  public BatchWrites(OutboundPublisher publisher) {
    this.outbound = publisher.batch();
  }

  synchronized void add(AuditEntry entry) {
    auditEntries.add(entry);
  }

  synchronized void add(SentEmail sent) {
    sentEmails.add(sent);
  }

  public synchronized List<AuditEntry> auditEntries() {
    return List.copyOf(auditEntries);
  }

  public synchronized List<SentEmail> sentEmails() {
    return List.copyOf(sentEmails);
  }

  /** The batch's outbound events; null when it publishes none. */
  OutboundPublisher.Batch outbound() {
    return outbound;
  }

  /** Publishes what the batch's writes owe the bus, then marks it published. */
  void publishOutbound() {
    if (outbound != null) {
      outbound.publish();
    }
  }

  synchronized boolean isEmpty() {
    return auditEntries.isEmpty() && sentEmails.isEmpty();
  }
}
