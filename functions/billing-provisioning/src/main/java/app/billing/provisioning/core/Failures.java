package app.billing.provisioning.core;

import app.billing.core.event.EventEnvelope;
import app.billing.core.log.LogKeys;
import app.billing.core.metrics.MetricNames;
import app.billing.core.metrics.Metrics;
import app.billing.core.model.AuditEntry;
import app.billing.core.model.FailedEvent;
import app.billing.core.model.Outcome;
import app.billing.core.port.FailedEvents;
import app.billing.core.provisioning.PermanentFailureException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Records events that failed for good, with their payload, for {@code admin failed}. */
final class Failures {
  private static final Logger log = LoggerFactory.getLogger(Failures.class);

  /** A DynamoDB item holds at most 400 KB: a larger payload is not kept (the failure still is). */
  private static final int MAX_KEPT_PAYLOAD_CHARS = 300_000;

  private final FailedEvents store;
  private final TenantResolver tenants;
  private final Clock clock;
  private final Metrics metrics;

  Failures(FailedEvents store, TenantResolver tenants, Clock clock, Metrics metrics) {
    this.store = store;
    this.tenants = tenants;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * An applied event whose emails failed for good is recorded as failed at stage {@code email}, so
   * a retry sends them (the record write then finds the event stored, and the released claims can
   * be taken again); a retried event that went through is no longer failed.
   */
  void finish(EventRun run, boolean retryOfFailed) {
    String reason = run.emailFailureReason();
    if (reason != null) {
      metrics.count(MetricNames.EVENTS_FAILED);
      store.recordFailure(
          failure(
              run.envelope,
              run.tenantId,
              FailedEvent.Stage.EMAIL,
              reason,
              run.failedEmails(),
              run.payload));
      log.warn(
          "record applied but an email failed for good; event recorded as failed (stage email): {}",
          reason);
    } else if (retryOfFailed) {
      store.clearFailure(run.envelope.id());
      log.info("retried failed event applied; no longer failed");
    }
  }

  /**
   * Records the event as failed for good; its audit entry says why, under the customer's tenant
   * when one is linked (looked up here if the failure came before tenant resolution).
   */
  Outcome failed(EventRun run, PermanentFailureException e) {
    EventEnvelope envelope = run.envelope;
    if (run.tenantId == null && envelope.customerId() != null) {
      run.tenantId = tenants.linkedTenant(envelope.customerId()).orElse(null);
    }
    metrics.count(MetricNames.EVENTS_FAILED);
    store.recordFailure(
        failure(
            envelope, run.tenantId, FailedEvent.Stage.EVENT, e.reason(), List.of(), run.payload));
    if (run.tenantId != null) {
      run.writes.add(
          new AuditEntry(
              run.tenantId,
              envelope.id(),
              envelope.type(),
              envelope.created(),
              Outcome.FAILED,
              clock.instant(),
              e.reason()));
    }
    MDC.put(LogKeys.OUTCOME, Outcome.FAILED.wireName());
    log.warn(
        "event failed for good ({}); recorded as failed, its customer's later events go on: {}",
        e.reason(),
        e.getMessage());
    return Outcome.FAILED;
  }

  /**
   * A body that is not a Stripe event has no event id: it is recorded under a digest of its bytes,
   * so a redelivery of the same body lands on the same failed item.
   */
  Outcome unreadable(String payload, String problem, boolean retryOfFailed) {
    Instant now = clock.instant();
    String id = "unreadable-" + digest(payload);
    try (var ignored = MDC.putCloseable(LogKeys.EVENT_ID, id)) {
      metrics.count(MetricNames.EVENTS_FAILED);
      store.recordFailure(
          new FailedEvent(
              id,
              null,
              null,
              null,
              FailedEvent.Stage.EVENT,
              "unreadable_payload",
              List.of(),
              now,
              now,
              1,
              keepable(payload)));
      MDC.put(LogKeys.OUTCOME, Outcome.FAILED.wireName());
      log.warn(
          "message is not a Stripe event ({}); recorded as failed{}",
          problem,
          retryOfFailed ? " again (retried)" : "");
      return Outcome.FAILED;
    }
  }

  private FailedEvent failure(
      EventEnvelope envelope,
      String tenantId,
      FailedEvent.Stage stage,
      String reason,
      List<String> failedEmails,
      String payload) {
    Instant now = clock.instant();
    return new FailedEvent(
        envelope.id(),
        envelope.type(),
        envelope.customerId(),
        tenantId,
        stage,
        reason,
        failedEmails,
        now,
        now,
        1,
        keepable(payload));
  }

  private static String keepable(String payload) {
    return payload != null && payload.length() <= MAX_KEPT_PAYLOAD_CHARS ? payload : null;
  }

  private static String digest(String payload) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(String.valueOf(payload).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
