package app.billing.core.port.contract;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.AuditEntry;
import app.billing.core.model.Outcome;
import app.billing.core.port.BatchWriter;
import app.billing.core.port.EmailGuards;
import app.billing.core.port.EmailGuards.EmailClaim;
import app.billing.core.port.EmailGuards.SentEmail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BatchWriter} does, seen through the {@link EmailGuards} of the same store (the
 * sent-email marks it writes are what keeps an email from going out twice); run against the
 * in-memory fake (billing-core) and the DynamoDB adapters (billing-dynamodb ITs).
 */
public abstract class BatchWriterContract {
  private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

  /** A batch writer and the email guards of the same fresh, empty store. */
  public record Store(BatchWriter writer, EmailGuards guards) {}

  protected abstract Store store();

  private static AuditEntry audit(String eventId) {
    return new AuditEntry(
        "ten_1", eventId, "invoice.paid", T0.getEpochSecond(), Outcome.APPLIED, T0);
  }

  @Test
  void sentEmailMarksWrittenInABatchKeepThoseEmailsTaken() {
    Store store = store();
    // More than one request's worth (DynamoDB takes 25 items a request), the same event twice.
    List<AuditEntry> audits = new ArrayList<>();
    List<SentEmail> sent = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      audits.add(audit("evt_" + i));
      sent.add(new SentEmail("evt_" + i + ":receipt", T0, true));
    }
    audits.add(audit("evt_0"));

    store.writer().writeBatch(audits, sent);
    // A retried batch writes the same items again.
    store.writer().writeBatch(audits, sent);

    for (int i = 0; i < 30; i++) {
      assertThat(store.guards().claimEmail("evt_" + i + ":receipt", T0.plusSeconds(60), true))
          .isEqualTo(EmailClaim.TAKEN);
    }
    assertThat(store.guards().claimEmail("evt_99:receipt", T0, true)).isEqualTo(EmailClaim.CLAIMED);
  }

  @Test
  void anEmptyBatchWritesNothing() {
    Store store = store();
    store.writer().writeBatch(List.of(), List.of());
    assertThat(store.guards().claimEmail("evt_0:receipt", T0, true)).isEqualTo(EmailClaim.CLAIMED);
  }
}
