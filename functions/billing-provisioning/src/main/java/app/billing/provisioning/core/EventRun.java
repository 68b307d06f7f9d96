package app.billing.provisioning.core;

import app.billing.core.email.EmailKind;
import app.billing.core.event.EventEnvelope;
import app.billing.core.model.WriteResult;
import app.billing.core.outbound.OutboundPublisher;
import java.util.ArrayList;
import java.util.List;

/**
 * What one event's processing learned besides its outcome: its tenant and the emails that failed
 * for good; and where its record writes' changes go (the batch's outbound events).
 */
final class EventRun {
  /** Given the charge's customer for refunds and disputes, which do not name one. */
  EventEnvelope envelope;

  final String payload;
  final BatchWrites writes;
  String tenantId;
  private final OutboundPublisher.Batch outbound;
  private final List<String> failedEmails = new ArrayList<>();
  private final List<String> emailFailureReasons = new ArrayList<>();

  EventRun(EventEnvelope envelope, String payload, BatchWrites writes) {
    this.envelope = envelope;
    this.payload = payload;
    this.writes = writes;
    this.outbound = writes.outbound();
  }

  /** Whether a write must read the record it replaces (the outbound event's {@code before}). */
  boolean publishes() {
    return outbound != null;
  }

  /**
   * A versioned write's result, for the outbound events: a new version maps {@code before} to
   * {@code after}; the same version again (a redelivery) publishes only what the outbox still owes;
   * a stale write publishes nothing.
   *
   * @param before the record the write replaced; null when there was none or it was not read
   */
  void recorded(WriteResult result, Object before, Object after) {
    if (outbound == null) {
      return;
    }
    switch (result) {
      case WRITTEN, TIE -> outbound.written(before, after, envelope.type());
      case SAME -> outbound.alreadyStored(after);
      case STALE -> {}
    }
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
