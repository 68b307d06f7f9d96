package app.billing.dynamodb;

import static app.billing.dynamodb.Items.bool;
import static app.billing.dynamodb.Items.instant;
import static app.billing.dynamodb.Items.list;
import static app.billing.dynamodb.Items.n;
import static app.billing.dynamodb.Items.number;
import static app.billing.dynamodb.Items.s;
import static app.billing.dynamodb.Items.string;
import static app.billing.dynamodb.Items.strings;

import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.dynamodb.Items.Attrs;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps the versioned core records (subscription, payment, customer, entitlements) to billing items
 * and back; {@link EventItems} maps the per-event items. Attribute names are camelCase record
 * component names.
 */
public final class RecordItems {
  public static final String TENANT_ID = "tenantId";
  public static final String CUSTOMER_ID = "customerId";
  public static final String STATUS = "status";

  public static final String VERSION_CREATED = "versionCreated";
  public static final String VERSION_EVENT_ID = "versionEventId";
  public static final String PAST_DUE_SINCE = "pastDueSince";
  public static final String SUBSCRIPTION_ID = "subscriptionId";

  private RecordItems() {}

  // --- subscription ---

  public static Attrs subscription(SubscriptionRecord r) {
    return new Attrs(
            BillingTable.tenantPk(r.tenantId()),
            BillingTable.subscriptionSk(r.subscriptionId()),
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
        .put("paymentIntent", s(r.paymentIntent()))
        .put("receiptUrl", s(r.receiptUrl()))
        .put("amountRefunded", n(r.amountRefunded()))
        .put("disputeId", s(r.dispute() == null ? null : r.dispute().id()))
        .put("disputeStatus", s(r.dispute() == null ? null : r.dispute().status()))
        .put("disputeReason", s(r.dispute() == null ? null : r.dispute().reason()))
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
        version(item),
        string(item, "paymentIntent"),
        string(item, "receiptUrl"),
        number(item, "amountRefunded"),
        string(item, "disputeId") == null
            ? null
            : new PaymentRecord.Dispute(
                string(item, "disputeId"),
                string(item, "disputeStatus"),
                string(item, "disputeReason")));
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

  static EventVersion version(Map<String, AttributeValue> item) {
    return new EventVersion(number(item, VERSION_CREATED), string(item, VERSION_EVENT_ID));
  }
}
