package app.billing.dynamodb;

import static app.billing.dynamodb.Items.bool;
import static app.billing.dynamodb.Items.instant;
import static app.billing.dynamodb.Items.list;
import static app.billing.dynamodb.Items.n;
import static app.billing.dynamodb.Items.number;
import static app.billing.dynamodb.Items.s;
import static app.billing.dynamodb.Items.string;
import static app.billing.dynamodb.Items.strings;

import app.billing.core.model.AuditEntry;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.model.FailedEvent;
import app.billing.core.model.Outcome;
import app.billing.core.model.ParkedEvent;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.port.BillingStore.SentEmail;
import app.billing.dynamodb.Items.Attrs;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps the core records to billing items and back. Attribute names are camelCase record component
 * names.
 */
public final class RecordItems {
  public static final String TENANT_ID = "tenantId";
  public static final String CUSTOMER_ID = "customerId";
  public static final String STATUS = "status";

  /** Email guard states: claimed by a sender, or sent (SES accepted it). */
  static final String EMAIL_SENDING = "SENDING";

  static final String EMAIL_SENT = "SENT";
  public static final String VERSION_CREATED = "versionCreated";
  public static final String VERSION_EVENT_ID = "versionEventId";
  public static final String PAST_DUE_SINCE = "pastDueSince";
  public static final String SUBSCRIPTION_ID = "subscriptionId";

  private RecordItems() {}

  // --- subscription ---

  public static Attrs subscription(SubscriptionRecord r) {
    return new Attrs(
            BillingTable.tenantPk(r.tenantId()),
            BillingTable.SUBSCRIPTION_SK,
            BillingTable.TYPE_SUBSCRIPTION)
        .put(TENANT_ID, s(r.tenantId()))
        .put(CUSTOMER_ID, s(r.customerId()))
        .put(SUBSCRIPTION_ID, s(r.subscriptionId()))
        .put(STATUS, s(r.status()))
        .put("planKey", s(r.planKey()))
        .put("priceId", s(r.priceId()))
        .put("billingCycle", s(r.billingCycle()))
        .put("quantity", n(r.quantity()))
        .put("currentPeriodStart", instant(r.currentPeriodStart()))
        .put("currentPeriodEnd", instant(r.currentPeriodEnd()))
        .put("trialEnd", instant(r.trialEnd()))
        .put("cancelAtPeriodEnd", bool(r.cancelAtPeriodEnd()))
        .put("cancelAt", instant(r.cancelAt()))
        .put("canceledAt", instant(r.canceledAt()))
        .put("endedAt", instant(r.endedAt()))
        .put("cancellationReason", s(r.cancellationReason()))
        .put(PAST_DUE_SINCE, instant(r.pastDueSince()))
        .put(VERSION_CREATED, n(r.version().created()))
        .put(VERSION_EVENT_ID, s(r.version().eventId()));
  }

  public static SubscriptionRecord subscription(Map<String, AttributeValue> item) {
    return new SubscriptionRecord(
        string(item, TENANT_ID),
        string(item, CUSTOMER_ID),
        string(item, SUBSCRIPTION_ID),
        string(item, STATUS),
        string(item, "planKey"),
        string(item, "priceId"),
        string(item, "billingCycle"),
        number(item, "quantity"),
        instant(item, "currentPeriodStart"),
        instant(item, "currentPeriodEnd"),
        instant(item, "trialEnd"),
        bool(item, "cancelAtPeriodEnd"),
        instant(item, "cancelAt"),
        instant(item, "canceledAt"),
        instant(item, "endedAt"),
        string(item, "cancellationReason"),
        instant(item, PAST_DUE_SINCE),
        version(item));
  }

  // --- payment ---

  public static Attrs payment(PaymentRecord r) {
    long created = r.created() == null ? 0 : r.created().getEpochSecond();
    return new Attrs(
            BillingTable.tenantPk(r.tenantId()),
            BillingTable.paymentSk(created, r.paymentId()),
            BillingTable.TYPE_PAYMENT)
        .put(TENANT_ID, s(r.tenantId()))
        .put("paymentId", s(r.paymentId()))
        .put("kind", s(r.kind() == null ? null : r.kind().wireName()))
        .put(CUSTOMER_ID, s(r.customerId()))
        .put("amount", n(r.amount()))
        .put("amountPaid", n(r.amountPaid()))
        .put("currency", s(r.currency()))
        .put(STATUS, s(r.status()))
        .put("description", s(r.description()))
        .put("created", instant(r.created()))
        .put("hostedUrl", s(r.hostedUrl()))
        .put("pdfUrl", s(r.pdfUrl()))
        .put("billingReason", s(r.billingReason()))
        .put(SUBSCRIPTION_ID, s(r.subscriptionId()))
        .put("catalogKey", s(r.catalogKey()))
        .put(VERSION_CREATED, n(r.version().created()))
        .put(VERSION_EVENT_ID, s(r.version().eventId()));
  }

  public static PaymentRecord payment(Map<String, AttributeValue> item) {
    String kind = string(item, "kind");
    return new PaymentRecord(
        string(item, TENANT_ID),
        string(item, "paymentId"),
        kind == null ? null : PaymentRecord.Kind.valueOf(kind.toUpperCase(Locale.ROOT)),
        string(item, CUSTOMER_ID),
        number(item, "amount"),
        number(item, "amountPaid"),
        string(item, "currency"),
        string(item, STATUS),
        string(item, "description"),
        instant(item, "created"),
        string(item, "hostedUrl"),
        string(item, "pdfUrl"),
        string(item, "billingReason"),
        string(item, SUBSCRIPTION_ID),
        string(item, "catalogKey"),
        version(item));
  }

  // --- customer ---

  public static Attrs customer(CustomerRecord r) {
    return new Attrs(
            BillingTable.tenantPk(r.tenantId()),
            BillingTable.CUSTOMER_SK,
            BillingTable.TYPE_CUSTOMER)
        .put(TENANT_ID, s(r.tenantId()))
        .put(CUSTOMER_ID, s(r.customerId()))
        .put("email", s(r.email()))
        .put("name", s(r.name()))
        .put("delinquent", bool(r.delinquent()))
        .put("deleted", bool(r.deleted()))
        .put(VERSION_CREATED, n(r.version().created()))
        .put(VERSION_EVENT_ID, s(r.version().eventId()));
  }

  public static CustomerRecord customer(Map<String, AttributeValue> item) {
    return new CustomerRecord(
        string(item, TENANT_ID),
        string(item, CUSTOMER_ID),
        string(item, "email"),
        string(item, "name"),
        bool(item, "delinquent"),
        bool(item, "deleted"),
        version(item));
  }

  // --- entitlements ---

  public static Attrs entitlements(EntitlementsRecord r) {
    return new Attrs(
            BillingTable.tenantPk(r.tenantId()),
            BillingTable.ENTITLEMENTS_SK,
            BillingTable.TYPE_ENTITLEMENTS)
        .put(TENANT_ID, s(r.tenantId()))
        .put(CUSTOMER_ID, s(r.customerId()))
        .put("lookupKeys", list(r.lookupKeys()))
        .put(VERSION_CREATED, n(r.version().created()))
        .put(VERSION_EVENT_ID, s(r.version().eventId()));
  }

  public static EntitlementsRecord entitlements(Map<String, AttributeValue> item) {
    return new EntitlementsRecord(
        string(item, TENANT_ID),
        string(item, CUSTOMER_ID),
        strings(item, "lookupKeys"),
        version(item));
  }

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

  static EventVersion version(Map<String, AttributeValue> item) {
    return new EventVersion(number(item, VERSION_CREATED), string(item, VERSION_EVENT_ID));
  }
}
