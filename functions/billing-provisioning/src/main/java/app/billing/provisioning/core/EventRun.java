package app.billing.provisioning.core;

import app.billing.core.email.EmailKind;
import app.billing.core.event.EventEnvelope;
import java.util.ArrayList;
import java.util.List;

/**
 * What one event's processing learned besides its outcome: its tenant and the emails that failed
 * for good.
 */
final class EventRun {
  final EventEnvelope envelope;
  final String payload;
  final BatchWrites writes;
  String tenantId;
  private final List<String> failedEmails = new ArrayList<>();
  private final List<String> emailFailureReasons = new ArrayList<>();

  EventRun(EventEnvelope envelope, String payload, BatchWrites writes) {
    this.envelope = envelope;
    this.payload = payload;
    this.writes = writes;
  }

  synchronized void emailFailed(EmailKind kind, String reason) {
    failedEmails.add(kind.template());
    emailFailureReasons.add(kind.template() + ": " + reason);
  }

  synchronized List<String> failedEmails() {
    return List.copyOf(failedEmails);
  }

  /** For the audit entry: null when every email went out. */
  synchronized String emailFailureReason() {
    return emailFailureReasons.isEmpty()
        ? null
        : "email failed: " + String.join("; ", emailFailureReasons);
  }
}
