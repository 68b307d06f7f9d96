package app.billing.provisioning.core;

import app.billing.core.model.AuditEntry;
import app.billing.core.port.EmailGuards.SentEmail;
import java.util.ArrayList;
import java.util.List;

/**
 * What the events of one SQS batch leave to the end of the batch: their audit entries, and the
 * marks of emails SES accepted whose immediate mark failed (a second chance). {@link
 * ProvisioningService#writeBatch} writes them together, many per request, instead of one request
 * each. Lanes of a batch add to it concurrently.
 */
public final class BatchWrites {
  private final List<AuditEntry> auditEntries = new ArrayList<>();
  private final List<SentEmail> sentEmails = new ArrayList<>();

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

  synchronized boolean isEmpty() {
    return auditEntries.isEmpty() && sentEmails.isEmpty();
  }
}
