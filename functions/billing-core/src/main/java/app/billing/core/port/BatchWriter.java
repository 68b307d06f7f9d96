package app.billing.core.port;

import app.billing.core.model.AuditEntry;
import app.billing.core.port.EmailGuards.SentEmail;
import java.util.List;

/** Writes what a batch of events left to its end, many items per request. */
public interface BatchWriter {

  /**
   * Writes audit entries (keyed by tenant and event, so writing one again after a retry replaces
   * it) and the marks of sent emails that could not be written right after sending ({@link
   * EmailGuards#markEmailSent} failed).
   */
  void writeBatch(List<AuditEntry> auditEntries, List<SentEmail> sentEmails);
}
