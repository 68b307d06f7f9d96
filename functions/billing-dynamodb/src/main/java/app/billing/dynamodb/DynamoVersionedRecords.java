package app.billing.dynamodb;

import static app.billing.dynamodb.BillingTable.PK;
import static app.billing.dynamodb.BillingTable.SK;
import static app.billing.dynamodb.Items.s;
import static app.billing.dynamodb.RecordItems.PAST_DUE_SINCE;
import static app.billing.dynamodb.RecordItems.STATUS;
import static app.billing.dynamodb.RecordItems.SUBSCRIPTION_ID;
import static app.billing.dynamodb.RecordItems.VERSION_CREATED;
import static app.billing.dynamodb.RecordItems.VERSION_EVENT_ID;
import static app.billing.dynamodb.TableAccess.tenantKey;

import app.billing.core.access.EffectiveSubscription;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.model.WriteResult;
import app.billing.core.port.VersionedRecords;
import app.billing.dynamodb.Items.Attrs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link VersionedRecords} on the billing table: one conditional single-item write per record (no
 * transactions), plus a consistent GetItem after a refused write to tell the caller why. {@link
 * ConditionalCheckFailedException} is translated only where the port defines an answer for it;
 * every other failure propagates so the message is retried.
 */
public final class DynamoVersionedRecords implements VersionedRecords {
  private static final String PAST_DUE = "past_due";

  private final TableAccess access;
  private final DynamoDbClient client;
  private final String table;

  public DynamoVersionedRecords(DynamoDbClient client, String tableName) {
    this.access = new TableAccess(client, tableName);
    this.client = client;
    this.table = tableName;
  }

  @Override
  public WriteResult saveSubscription(SubscriptionRecord record, boolean overwriteTie) {
    boolean keepStoredPastDue = record.pastDueSince() != null && record.subscriptionId() != null;
    Map<String, AttributeValue> key = RecordItems.subscription(record).key();
    try {
      updateSubscription(record, overwriteTie, keepStoredPastDue);
      return WriteResult.WRITTEN;
    } catch (ConditionalCheckFailedException refused) {
      WriteResult refusal = refusal(key, record.version(), overwriteTie);
      if (refusal != null) {
        return refusal;
      }
      if (!keepStoredPastDue) {
        throw VersionRules.concurrentWrite(key);
      }
    }
    // The version allowed the write; the stored pastDueSince belongs to a status that is not
    // past_due, so this record's value replaces it.
    try {
      updateSubscription(record, overwriteTie, false);
      return WriteResult.WRITTEN;
    } catch (ConditionalCheckFailedException refused) {
      return refused(key, record.version(), overwriteTie);
    }
  }

  /**
   * UpdateItem rather than PutItem so a repeated past_due keeps the earliest {@code pastDueSince}:
   * with {@code keepStoredPastDue} it is only set if absent, and the write is conditional on the
   * stored one (if any) belonging to the same subscription while past_due. Null fields are REMOVEd.
   */
  private void updateSubscription(
      SubscriptionRecord record, boolean overwriteTie, boolean keepStoredPastDue) {
    Attrs attrs = RecordItems.subscription(record);
    Expr e = new Expr();
    attrs
        .all()
        .forEach(
            (name, value) -> {
              if (name.equals(PK) || name.equals(SK)) {
                return;
              }
              if (name.equals(PAST_DUE_SINCE) && value != null && keepStoredPastDue) {
                e.setIfAbsent(name, value);
              } else {
                e.set(name, value);
              }
            });
    String condition = VersionRules.condition(e, record.version(), overwriteTie);
    if (keepStoredPastDue) {
      condition +=
          " AND (attribute_not_exists("
              + e.name(PAST_DUE_SINCE)
              + ") OR ("
              + e.name(SUBSCRIPTION_ID)
              + " = "
              + e.value(s(record.subscriptionId()))
              + " AND "
              + e.name(STATUS)
              + " = "
              + e.value(s(PAST_DUE))
              + "))";
    }
    access.update(attrs.key(), e, condition);
  }

  @Override
  public WriteResult savePayment(PaymentRecord record, boolean overwriteTie) {
    return putVersioned(RecordItems.payment(record), record.version(), overwriteTie);
  }

  @Override
  public WriteResult saveCustomer(CustomerRecord record, boolean overwriteTie) {
    return putVersioned(RecordItems.customer(record), record.version(), overwriteTie);
  }

  @Override
  public WriteResult saveEntitlements(EntitlementsRecord record, boolean overwriteTie) {
    return putVersioned(RecordItems.entitlements(record), record.version(), overwriteTie);
  }

  /** Replaces the whole item, so fields that became null disappear. */
  private WriteResult putVersioned(Attrs attrs, EventVersion version, boolean overwriteTie) {
    Expr e = new Expr();
    String condition = VersionRules.condition(e, version, overwriteTie);
    try {
      client.putItem(
          b ->
              b.tableName(table)
                  .item(attrs.item())
                  .conditionExpression(condition)
                  .expressionAttributeNames(e.names())
                  .expressionAttributeValues(e.values()));
      return WriteResult.WRITTEN;
    } catch (ConditionalCheckFailedException refused) {
      return refused(attrs.key(), version, overwriteTie);
    }
  }

  private WriteResult refused(
      Map<String, AttributeValue> key, EventVersion version, boolean overwriteTie) {
    WriteResult refusal = refusal(key, version, overwriteTie);
    if (refusal == null) {
      throw VersionRules.concurrentWrite(key);
    }
    return refusal;
  }

  private WriteResult refusal(
      Map<String, AttributeValue> key, EventVersion version, boolean overwriteTie) {
    return VersionRules.refusal(
        access.get(key, VERSION_CREATED, VERSION_EVENT_ID), version, overwriteTie);
  }

  // --- readers ---

  /**
   * One Query on the tenant's partition. The prefix also matches a {@link
   * BillingTable#LEGACY_SUBSCRIPTION_SK} item; where it and a per-id item hold the same
   * subscription, the newer version wins.
   */
  @Override
  public List<SubscriptionRecord> subscriptions(String tenantId) {
    Map<String, SubscriptionRecord> byId = new LinkedHashMap<>();
    query(tenantId, BillingTable.LEGACY_SUBSCRIPTION_SK)
        .forEach(
            item -> {
              SubscriptionRecord record = RecordItems.subscription(item);
              byId.merge(
                  String.valueOf(record.subscriptionId()),
                  record,
                  (a, b) -> EffectiveSubscription.NEWEST_FIRST.compare(a, b) <= 0 ? a : b);
            });
    return EffectiveSubscription.newestFirst(byId.values());
  }

  @Override
  public Optional<CustomerRecord> customer(String tenantId) {
    return read(tenantId, BillingTable.CUSTOMER_SK).map(RecordItems::customer);
  }

  @Override
  public Optional<EntitlementsRecord> entitlements(String tenantId) {
    return read(tenantId, BillingTable.ENTITLEMENTS_SK).map(RecordItems::entitlements);
  }

  @Override
  public Optional<PaymentRecord> storedPayment(PaymentRecord payment) {
    return Optional.ofNullable(access.get(RecordItems.payment(payment).key()))
        .map(RecordItems::payment);
  }

  @Override
  public List<PaymentRecord> payments(String tenantId) {
    List<PaymentRecord> payments = new ArrayList<>();
    query(tenantId, BillingTable.PAYMENT_PREFIX)
        .forEach(item -> payments.add(RecordItems.payment(item)));
    return List.copyOf(payments);
  }

  /** The tenant's items whose sort key starts with {@code prefix}, in descending key order. */
  private Iterable<Map<String, AttributeValue>> query(String tenantId, String prefix) {
    Expr e = new Expr();
    String keyCondition =
        e.name(PK)
            + " = "
            + e.value(s(BillingTable.tenantPk(tenantId)))
            + " AND begins_with("
            + e.name(SK)
            + ", "
            + e.value(s(prefix))
            + ")";
    return client
        .queryPaginator(
            b ->
                b.tableName(table)
                    .keyConditionExpression(keyCondition)
                    .scanIndexForward(false)
                    .consistentRead(true)
                    .expressionAttributeNames(e.names())
                    .expressionAttributeValues(e.values()))
        .items();
  }

  @Override
  public Optional<String> tenantBillingEmail(String tenantId) {
    return Optional.ofNullable(
            access.get(tenantKey(tenantId, BillingTable.PROFILE_SK), "billingEmail"))
        .map(item -> Items.string(item, "billingEmail"));
  }

  private Optional<Map<String, AttributeValue>> read(String tenantId, String sk) {
    return Optional.ofNullable(access.get(tenantKey(tenantId, sk)));
  }
}
