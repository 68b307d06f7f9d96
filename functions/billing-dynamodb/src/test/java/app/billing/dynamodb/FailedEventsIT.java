package app.billing.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.FailedEvent;
import app.billing.core.model.Outcome;
import app.billing.core.port.EmailGuards.EmailClaim;
import app.billing.core.port.EmailGuards.SentEmail;
import app.billing.core.testdata.AuditEntries;
import app.billing.core.testdata.FailedEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failed events and the sent mark written right after SES accepted an email, on dynalite. */
class FailedEventsIT extends DynaliteTestSupport {
  private static final Instant NOW = Instant.parse("2026-10-01T12:00:00Z");

  private static FailedEvent failure(String eventId, Instant at, String reason) {
    return FailedEvents.atEvent()
        .event(eventId, "checkout.session.completed")
        .customer("cus_1")
        .tenant("tn_1")
        .reason(reason)
        .failedAt(at)
        .payload("{\"id\":\"" + eventId + "\"}")
        .build();
  }

  @Test
  void aFailureIsRecordedWithItsPayloadAndARepeatKeepsTheFirstTimeAndCountsAttempts() {
    store.recordFailure(failure("evt_a", NOW, "stripe_404_resource_missing"));
    store.recordFailure(
        FailedEvents.atEmail("welcome")
            .event("evt_a", "checkout.session.completed")
            .customer("cus_1")
            .tenant("tn_1")
            .reason("email failed: welcome: no_valid_recipient")
            .failedAt(NOW.plusSeconds(60))
            .payload("{\"id\":\"evt_a\"}")
            .build());

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
  void anAuditEntryKeepsItsFailureReason() {
    store.writeBatch(
        List.of(
            AuditEntries.withOutcome(Outcome.FAILED)
                .tenant("tn_1")
                .event("evt_a", "checkout.session.completed", NOW.getEpochSecond())
                .processedAt(NOW)
                .reason("stripe_404_resource_missing")
                .build()),
        List.of());

    var item =
        rawItem(BillingTable.tenantPk("tn_1"), BillingTable.auditSk(NOW.getEpochSecond(), "evt_a"));
    assertThat(EventItems.audit(item).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(EventItems.audit(item).reason()).isEqualTo("stripe_404_resource_missing");
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
