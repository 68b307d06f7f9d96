package app.billing.dynamodb;

import static app.billing.dynamodb.Items.instant;
import static app.billing.dynamodb.Items.list;
import static app.billing.dynamodb.Items.n;
import static app.billing.dynamodb.Items.number;
import static app.billing.dynamodb.Items.s;
import static app.billing.dynamodb.Items.string;
import static app.billing.dynamodb.Items.strings;
import static app.billing.dynamodb.RecordItems.CUSTOMER_ID;
import static app.billing.dynamodb.RecordItems.STATUS;
import static app.billing.dynamodb.RecordItems.TENANT_ID;

import app.billing.core.model.AuditEntry;
import app.billing.core.model.FailedEvent;
import app.billing.core.model.Outcome;
import app.billing.core.model.ParkedEvent;
import app.billing.core.port.EmailGuards.SentEmail;
import app.billing.dynamodb.Items.Attrs;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps what events leave besides the versioned records to billing items and back: parked events,
 * email guards, failed events and audit entries.
 */
public final class EventItems {
  /** Email guard states: claimed by a sender, or sent (SES accepted it). */
  static final String EMAIL_SENDING = "SENDING";

  static final String EMAIL_SENT = "SENT";

  private EventItems() {}

  // --- parked event ---

  /**
   * How long a parked event waits for its customer to be linked: Stripe keeps events retrievable
   * for 30 days too, so after that neither side can replay it; an operator links the customer
   * (which backfills its current state) well before.
   */
  public static final java.time.Duration PARKED_TTL = java.time.Duration.ofDays(30);

  public static Attrs parked(ParkedEvent e, Instant parkedAt) {
    return new Attrs(
            BillingTable.customerPk(e.customerId()),
            BillingTable.parkedSk(e.created(), e.eventId()),
            BillingTable.TYPE_PARKED_EVENT)
        .put(CUSTOMER_ID, s(e.customerId()))
        .put("eventId", s(e.eventId()))
        .put("eventType", s(e.eventType()))
        .put("created", instant(Instant.ofEpochSecond(e.created())))
        .put("payload", s(e.payload()))
        .put("parkedAt", instant(parkedAt))
        .put(BillingTable.EXPIRES_AT, n(parkedAt.plus(PARKED_TTL).getEpochSecond()));
  }

  public static ParkedEvent parked(Map<String, AttributeValue> item) {
    return new ParkedEvent(
        string(item, CUSTOMER_ID),
        string(item, "eventId"),
        string(item, "eventType"),
        instant(item, "created").getEpochSecond(),
        string(item, "payload"));
  }

  // --- email guard ---

  /** The guard of an email SES accepted; {@code expiresAt} null keeps it for good. */
  public static Attrs sentEmail(SentEmail sent, Long expiresAt) {
    return new Attrs(
            BillingTable.emailPk(sent.emailKey()),
            BillingTable.EMAIL_SENT_SK,
            BillingTable.TYPE_EMAIL_GUARD)
        .put("emailKey", s(sent.emailKey()))
        .put(STATUS, s(EMAIL_SENT))
        .put("sentAt", instant(sent.sentAt()))
        .put(BillingTable.EXPIRES_AT, expiresAt == null ? null : n(expiresAt));
  }

  // --- failed event ---

  public static final String ATTEMPTS = "attempts";
  public static final String FIRST_FAILED_AT = "firstFailedAt";

  /**
   * Every attribute of a failed event except {@link #ATTEMPTS} (added to) and {@link
   * #FIRST_FAILED_AT} (kept once set), which the store's update handles.
   */
  public static Attrs failedEvent(FailedEvent f, long expiresAt) {
    return new Attrs(
            BillingTable.FAILED_PK,
            BillingTable.failedEventSk(f.eventId()),
            BillingTable.TYPE_FAILED_EVENT)
        .put("eventId", s(f.eventId()))
        .put("eventType", s(f.eventType()))
        .put(CUSTOMER_ID, s(f.customerId()))
        .put(TENANT_ID, s(f.tenantId()))
        .put("stage", s(f.stage().wireName()))
        .put("reason", s(f.reason()))
        .put("emails", list(f.emails()))
        .put("lastFailedAt", instant(f.lastFailedAt()))
        .put("payload", s(f.payload()))
        .put(BillingTable.EXPIRES_AT, n(expiresAt));
  }

  public static FailedEvent failedEvent(Map<String, AttributeValue> item) {
    String stage = string(item, "stage");
    return new FailedEvent(
        string(item, "eventId"),
        string(item, "eventType"),
        string(item, CUSTOMER_ID),
        string(item, TENANT_ID),
        stage == null
            ? FailedEvent.Stage.EVENT
            : FailedEvent.Stage.valueOf(stage.toUpperCase(Locale.ROOT)),
        string(item, "reason"),
        strings(item, "emails"),
        instant(item, FIRST_FAILED_AT),
        instant(item, "lastFailedAt"),
        number(item, ATTEMPTS),
        string(item, "payload"));
  }

  // --- audit ---

  public static Attrs audit(AuditEntry e, long expiresAt) {
    return new Attrs(
            BillingTable.tenantPk(e.tenantId()),
            BillingTable.auditSk(e.eventCreated(), e.eventId()),
            BillingTable.TYPE_AUDIT)
        .put(TENANT_ID, s(e.tenantId()))
        .put("eventId", s(e.eventId()))
        .put("eventType", s(e.eventType()))
        .put("eventCreated", instant(Instant.ofEpochSecond(e.eventCreated())))
        .put("outcome", s(e.outcome() == null ? null : e.outcome().wireName()))
        .put("processedAt", instant(e.processedAt()))
        .put("reason", s(e.reason()))
        .put(BillingTable.EXPIRES_AT, n(expiresAt));
  }

  public static AuditEntry audit(Map<String, AttributeValue> item) {
    return new AuditEntry(
        string(item, TENANT_ID),
        string(item, "eventId"),
        string(item, "eventType"),
        instant(item, "eventCreated").getEpochSecond(),
        outcome(string(item, "outcome")),
        instant(item, "processedAt"),
        string(item, "reason"));
  }

  static Outcome outcome(String wireName) {
    return wireName == null ? null : Outcome.valueOf(wireName.toUpperCase(Locale.ROOT));
  }
}
