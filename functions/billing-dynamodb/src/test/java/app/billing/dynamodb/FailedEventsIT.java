package app.billing.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.AuditEntry;
import app.billing.core.model.FailedEvent;
import app.billing.core.model.Outcome;
import app.billing.core.port.BillingStore.EmailClaim;
import app.billing.core.port.BillingStore.SentEmail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failed events and the sent mark written right after SES accepted an email, on dynalite. */
class FailedEventsIT extends DynaliteTestSupport {
  private static final Instant NOW = Instant.parse("2026-10-01T12:00:00Z");

  private static FailedEvent failure(String eventId, Instant at, String reason) {
    return new FailedEvent(
        eventId,
        "checkout.session.completed",
        "cus_1",
        "tn_1",
        FailedEvent.Stage.EVENT,
        reason,
        List.of(),
        at,
        at,
        1,
        "{\"id\":\"" + eventId + "\"}");
  }

  @Test
  void aFailureIsRecordedWithItsPayloadAndARepeatKeepsTheFirstTimeAndCountsAttempts() {
    store.recordFailure(failure("evt_a", NOW, "stripe_404_resource_missing"));
    store.recordFailure(
        new FailedEvent(
            "evt_a",
            "checkout.session.completed",
            "cus_1",
            "tn_1",
            FailedEvent.Stage.EMAIL,
            "email failed: welcome: no_valid_recipient",
            List.of("welcome"),
            NOW.plusSeconds(60),
            NOW.plusSeconds(60),
            1,
            "{\"id\":\"evt_a\"}"));

    FailedEvent stored = store.failedEvent("evt_a").orElseThrow();
    assertThat(stored.firstFailedAt()).isEqualTo(NOW);
    assertThat(stored.lastFailedAt()).isEqualTo(NOW.plusSeconds(60));
    assertThat(stored.attempts()).isEqualTo(2);
    assertThat(stored.stage()).isEqualTo(FailedEvent.Stage.EMAIL);
    assertThat(stored.emails()).containsExactly("welcome");
    assertThat(stored.reason()).isEqualTo("email failed: welcome: no_valid_recipient");
    assertThat(stored.payload()).isEqualTo("{\"id\":\"evt_a\"}");
    var item = rawItem(BillingTable.FAILED_PK, BillingTable.failedEventSk("evt_a"));
    assertThat(Items.string(item, "type")).isEqualTo(BillingTable.TYPE_FAILED_EVENT);
    assertThat(Items.number(item, "expiresAt"))
        .isEqualTo(NOW.plusSeconds(60).plus(Duration.ofDays(35)).getEpochSecond());
  }

  @Test
  void failedEventsAreListedOldestFirstAndAClearedOneIsGone() {
    store.recordFailure(failure("evt_late", NOW.plusSeconds(10), "stripe_400_parameter_invalid"));
    store.recordFailure(failure("evt_early", NOW, "stripe_404_resource_missing"));
    store.recordFailure(
        new FailedEvent(
            "unreadable-abc",
            null,
            null,
            null,
            FailedEvent.Stage.EVENT,
            "unreadable_payload",
            List.of(),
            NOW.plusSeconds(5),
            NOW.plusSeconds(5),
            1,
            null));

    assertThat(store.failedEvents())
        .extracting(FailedEvent::eventId)
        .containsExactly("evt_early", "unreadable-abc", "evt_late");

    store.clearFailure("evt_early");
    store.clearFailure("evt_never_failed");

    assertThat(store.failedEvents())
        .extracting(FailedEvent::eventId)
        .containsExactly("unreadable-abc", "evt_late");
    assertThat(store.failedEvent("evt_early")).isEmpty();
  }

  @Test
  void anAuditEntryKeepsItsFailureReason() {
    store.writeBatch(
        List.of(
            new AuditEntry(
                "tn_1",
                "evt_a",
                "checkout.session.completed",
                NOW.getEpochSecond(),
                Outcome.FAILED,
                NOW,
                "stripe_404_resource_missing")),
        List.of());

    var item =
        rawItem(BillingTable.tenantPk("tn_1"), BillingTable.auditSk(NOW.getEpochSecond(), "evt_a"));
    assertThat(RecordItems.audit(item).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(RecordItems.audit(item).reason()).isEqualTo("stripe_404_resource_missing");
  }

  @Test
  void aClaimMarkedSentRightAwayIsNeverClaimedAgainEvenAfterItsLease() {
    String key = "evt_b:invoice-receipt";
    assertThat(store.claimEmail(key, NOW, false)).isEqualTo(EmailClaim.CLAIMED);

    store.markEmailSent(new SentEmail(key, NOW.plusSeconds(1), false));

    var item = rawItem(BillingTable.emailPk(key), BillingTable.EMAIL_SENT_SK);
    assertThat(Items.string(item, "status")).isEqualTo("SENT");
    assertThat(item).doesNotContainKey("leaseUntil");
    assertThat(Items.number(item, "expiresAt"))
        .isEqualTo(NOW.plusSeconds(1).plus(Duration.ofDays(35)).getEpochSecond());
    // Long after the claim's lease: still sent.
    assertThat(store.claimEmail(key, NOW.plus(Duration.ofHours(1)), false))
        .isEqualTo(EmailClaim.TAKEN);
    // A second mark (the batch end's second chance) leaves the first one as it was.
    store.markEmailSent(new SentEmail(key, NOW.plusSeconds(99), false));
    assertThat(
            Items.string(rawItem(BillingTable.emailPk(key), BillingTable.EMAIL_SENT_SK), "sentAt"))
        .isEqualTo(NOW.plusSeconds(1).toString());
  }

  @Test
  void aKeptForGoodEmailHasNoExpiry() {
    String key = "welcome:sub_1:welcome";
    store.claimEmail(key, NOW, true);
    store.markEmailSent(new SentEmail(key, NOW, true));

    assertThat(rawItem(BillingTable.emailPk(key), BillingTable.EMAIL_SENT_SK))
        .doesNotContainKey("expiresAt");
  }
}
