package app.billing.dynamodb;

import static app.billing.dynamodb.BillingTable.EXPIRES_AT;
import static app.billing.dynamodb.BillingTable.PK;
import static app.billing.dynamodb.BillingTable.SK;
import static app.billing.dynamodb.BillingTable.TYPE;
import static app.billing.dynamodb.Items.instant;
import static app.billing.dynamodb.Items.n;
import static app.billing.dynamodb.Items.s;
import static app.billing.dynamodb.RecordItems.PAST_DUE_SINCE;
import static app.billing.dynamodb.RecordItems.STATUS;
import static app.billing.dynamodb.RecordItems.SUBSCRIPTION_ID;
import static app.billing.dynamodb.RecordItems.TENANT_ID;
import static app.billing.dynamodb.RecordItems.VERSION_CREATED;
import static app.billing.dynamodb.RecordItems.VERSION_EVENT_ID;

import app.billing.core.model.AuditEntry;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.model.FailedEvent;
import app.billing.core.model.ParkedEvent;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.model.WriteResult;
import app.billing.core.port.BillingStore;
import app.billing.core.port.FailedEvents;
import app.billing.dynamodb.Items.Attrs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link BillingStore} on the single billing table ({@link BillingTable}). Every operation is one
 * conditional single-item write or one read (no transactions), plus a consistent GetItem after a
 * refused conditional write to tell the caller why; audit entries and sent-email marks go many to a
 * BatchWriteItem. {@link ConditionalCheckFailedException} is translated only where the port defines
 * an answer for it; every other failure propagates so the message is retried.
 */
public final class DynamoBillingStore implements BillingStore, FailedEvents {
  private static final Logger log = LoggerFactory.getLogger(DynamoBillingStore.class);

  /** How long a claimed email may take to send before another consumer may claim it again. */
  public static final Duration DEFAULT_EMAIL_CLAIM_LEASE = Duration.ofMinutes(2);

  public static final Duration DEFAULT_AUDIT_TTL = Duration.ofDays(90);

  /** Longer than Stripe's 30 days of event redelivery. */
  public static final Duration DEFAULT_EMAIL_GUARD_TTL = Duration.ofDays(35);

  /**
   * How long a failed event is kept after its last failure: beyond Stripe's 30 days of event
   * retention, after which nothing could be refetched for it anyway.
   */
  public static final Duration FAILED_EVENT_TTL = Duration.ofDays(35);

  /** BatchWriteItem takes at most 25 items. */
  static final int BATCH_WRITE_LIMIT = 25;

  private static final int BATCH_WRITE_ATTEMPTS = 5;
  private static final BackoffStrategy UNPROCESSED_BACKOFF =
      BackoffStrategy.exponentialDelay(Duration.ofMillis(25), Duration.ofSeconds(1));

  static final String LEASE_UNTIL = "leaseUntil";
  static final String BALANCE = "balance";
  static final String GRANTED_ORDERS = "grantedOrders";
  private static final String PAST_DUE = "past_due";

  private final DynamoDbClient client;
  private final String table;
  private final Duration emailClaimLease;
  private final Duration auditTtl;
  private final Duration emailGuardTtl;

  /** Email claim lease 2 min, audit TTL 90 days, email guard TTL 35 days. */
  public DynamoBillingStore(DynamoDbClient client, String tableName) {
    this(client, tableName, DEFAULT_EMAIL_CLAIM_LEASE, DEFAULT_AUDIT_TTL);
  }

  /** Email guard TTL 35 days. */
  public DynamoBillingStore(
      DynamoDbClient client, String tableName, Duration emailClaimLease, Duration auditTtl) {
    this(client, tableName, emailClaimLease, auditTtl, DEFAULT_EMAIL_GUARD_TTL);
  }

  /**
   * @param emailGuardTtl how long a sent-email marker is kept; null keeps it forever
   */
  public DynamoBillingStore(
      DynamoDbClient client,
      String tableName,
      Duration emailClaimLease,
      Duration auditTtl,
      Duration emailGuardTtl) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = requireText(tableName);
    this.emailClaimLease = positive(emailClaimLease, "emailClaimLease");
    this.auditTtl = positive(auditTtl, "auditTtl");
    this.emailGuardTtl = emailGuardTtl == null ? null : positive(emailGuardTtl, "emailGuardTtl");
  }

  // --- customer to tenant ---

  @Override
  public CustomerLookup lookup(String customerId) {
    Expr e = new Expr();
    String keyCondition = e.name(PK) + " = " + e.value(s(BillingTable.customerPk(customerId)));
    String tenantId = null;
    List<ParkedEvent> parked = new ArrayList<>();
    // Sort key order: PARKED#<created>#... (oldest first) and then TENANT.
    for (Map<String, AttributeValue> item :
        client
            .queryPaginator(
                b ->
                    b.tableName(table)
                        .keyConditionExpression(keyCondition)
                        .consistentRead(true)
                        .expressionAttributeNames(e.names())
                        .expressionAttributeValues(e.values()))
            .items()) {
      String sk = Items.string(item, SK);
      if (BillingTable.LINK_SK.equals(sk)) {
        tenantId = Items.string(item, TENANT_ID);
      } else if (sk != null && sk.startsWith(BillingTable.PARKED_PREFIX)) {
        parked.add(RecordItems.parked(item));
      }
    }
    return new CustomerLookup(Optional.ofNullable(tenantId), List.copyOf(parked));
  }

  @Override
  public Link link(String customerId, String tenantId, Instant now) {
    Attrs link =
        new Attrs(
                BillingTable.customerPk(customerId),
                BillingTable.LINK_SK,
                BillingTable.TYPE_CUSTOMER_LINK)
            .put(RecordItems.CUSTOMER_ID, s(customerId))
            .put(TENANT_ID, s(tenantId))
            .put("linkedAt", instant(now));
    Expr e = new Expr();
    String condition = "attribute_not_exists(" + e.name(PK) + ")";
    try {
      client.putItem(
          b ->
              b.tableName(table)
                  .item(link.item())
                  .conditionExpression(condition)
                  .expressionAttributeNames(e.names()));
      return new Link(tenantId, true);
    } catch (ConditionalCheckFailedException alreadyLinked) {
      Map<String, AttributeValue> stored = get(link.key(), TENANT_ID);
      String existing = stored == null ? null : Items.string(stored, TENANT_ID);
      if (existing == null) {
        throw new IllegalStateException(
            "link of customer " + customerId + " refused but no link is stored");
      }
      if (!existing.equals(tenantId)) {
        log.warn(
            "customer {} is already linked to tenant {}; not relinking it to tenant {}",
            customerId,
            existing,
            tenantId);
      }
      return new Link(existing, false);
    }
  }

  // --- versioned records ---

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
        throw concurrentWrite(key);
      }
    }
    // The version allowed the write; the stored pastDueSince belongs to another subscription or to
    // a
    // status that is not past_due, so this record's value replaces it.
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
    String condition = versionCondition(e, record.version(), overwriteTie);
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
    update(attrs.key(), e, condition);
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
    String condition = versionCondition(e, version, overwriteTie);
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

  /**
   * New item, or a stored version that is older; with {@code overwriteTie} also another event of
   * the same second. The same event again is refused (and reported SAME), so a redelivery never
   * rewrites a record that a tie settled with Stripe's current state.
   */
  private static String versionCondition(Expr e, EventVersion version, boolean overwriteTie) {
    String absent = "attribute_not_exists(" + e.name(PK) + ")";
    String created = e.name(VERSION_CREATED);
    String value = e.value(n(version.created()));
    if (overwriteTie) {
      return "("
          + absent
          + " OR "
          + created
          + " < "
          + value
          + " OR ("
          + created
          + " = "
          + value
          + " AND "
          + e.name(VERSION_EVENT_ID)
          + " <> "
          + e.value(s(version.eventId()))
          + "))";
    }
    return "(" + absent + " OR " + created + " < " + value + ")";
  }

  private WriteResult refused(
      Map<String, AttributeValue> key, EventVersion version, boolean overwriteTie) {
    WriteResult refusal = refusal(key, version, overwriteTie);
    if (refusal == null) {
      throw concurrentWrite(key);
    }
    return refusal;
  }

  /**
   * Why the stored version refuses {@code version}: STALE when it is newer, SAME when it is this
   * very event, TIE when it is another event of the same second (and ties are not being
   * overwritten); null when it would accept it. Versions only grow, so reading after the refusal
   * never turns a refusal into an acceptance.
   */
  private WriteResult refusal(
      Map<String, AttributeValue> key, EventVersion version, boolean overwriteTie) {
    Map<String, AttributeValue> stored = get(key, VERSION_CREATED, VERSION_EVENT_ID);
    if (stored == null || !stored.containsKey(VERSION_CREATED)) {
      return null;
    }
    long storedCreated = Items.number(stored, VERSION_CREATED);
    if (storedCreated > version.created()) {
      return WriteResult.STALE;
    }
    if (storedCreated == version.created()) {
      if (Objects.equals(Items.string(stored, VERSION_EVENT_ID), version.eventId())) {
        return WriteResult.SAME;
      }
      if (!overwriteTie) {
        return WriteResult.TIE;
      }
    }
    return null;
  }

  private static IllegalStateException concurrentWrite(Map<String, AttributeValue> key) {
    return new IllegalStateException(
        "versioned write to "
            + key.get(PK).s()
            + " / "
            + key.get(SK).s()
            + " was refused but the stored version accepts it; concurrent writer, retry");
  }

  // --- readers ---

  @Override
  public Optional<SubscriptionRecord> subscription(String tenantId) {
    return read(tenantId, BillingTable.SUBSCRIPTION_SK).map(RecordItems::subscription);
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
  public List<PaymentRecord> payments(String tenantId) {
    Expr e = new Expr();
    String keyCondition =
        e.name(PK)
            + " = "
            + e.value(s(BillingTable.tenantPk(tenantId)))
            + " AND begins_with("
            + e.name(SK)
            + ", "
            + e.value(s(BillingTable.PAYMENT_PREFIX))
            + ")";
    List<PaymentRecord> payments = new ArrayList<>();
    client
        .queryPaginator(
            b ->
                b.tableName(table)
                    .keyConditionExpression(keyCondition)
                    .scanIndexForward(false)
                    .consistentRead(true)
                    .expressionAttributeNames(e.names())
                    .expressionAttributeValues(e.values()))
        .items()
        .forEach(item -> payments.add(RecordItems.payment(item)));
    return List.copyOf(payments);
  }

  @Override
  public Optional<String> tenantBillingEmail(String tenantId) {
    return Optional.ofNullable(get(tenantKey(tenantId, BillingTable.PROFILE_SK), "billingEmail"))
        .map(item -> Items.string(item, "billingEmail"));
  }

  private Optional<Map<String, AttributeValue>> read(String tenantId, String sk) {
    return Optional.ofNullable(get(tenantKey(tenantId, sk)));
  }

  // --- credits ---

  @Override
  public boolean grantCredits(String tenantId, String orderId, long credits, Instant now) {
    Expr e =
        new Expr()
            .set(TYPE, s(BillingTable.TYPE_CREDITS))
            .set(TENANT_ID, s(tenantId))
            .set("updatedAt", instant(now))
            .add(BALANCE, n(credits))
            .add(GRANTED_ORDERS, Items.stringSet(orderId));
    String orders = e.name(GRANTED_ORDERS);
    String condition =
        "attribute_not_exists("
            + orders
            + ") OR NOT contains("
            + orders
            + ", "
            + e.value(s(orderId))
            + ")";
    try {
      update(tenantKey(tenantId, BillingTable.CREDITS_SK), e, condition);
      return true;
    } catch (ConditionalCheckFailedException alreadyGranted) {
      return false;
    }
  }

  @Override
  public long credits(String tenantId) {
    Map<String, AttributeValue> item = get(tenantKey(tenantId, BillingTable.CREDITS_SK), BALANCE);
    return item == null ? 0 : Items.number(item, BALANCE);
  }

  // --- parked events ---

  @Override
  public void park(ParkedEvent event, Instant now) {
    Attrs attrs = RecordItems.parked(event, now);
    client.putItem(b -> b.tableName(table).item(attrs.item()));
  }

  @Override
  public void unpark(ParkedEvent event) {
    Map<String, AttributeValue> key =
        Items.key(
            BillingTable.customerPk(event.customerId()),
            BillingTable.parkedSk(event.created(), event.eventId()));
    client.deleteItem(b -> b.tableName(table).key(key));
  }

  // --- audit and email guard ---

  @Override
  public void writeBatch(List<AuditEntry> auditEntries, List<SentEmail> sentEmails) {
    // One request takes 25 items and refuses two with the same key (an event processed twice in a
    // batch).
    Map<Map<String, AttributeValue>, WriteRequest> byKey = new LinkedHashMap<>();
    for (AuditEntry entry : auditEntries) {
      Instant base =
          entry.processedAt() != null
              ? entry.processedAt()
              : Instant.ofEpochSecond(entry.eventCreated());
      put(byKey, RecordItems.audit(entry, base.plus(auditTtl).getEpochSecond()));
    }
    for (SentEmail sent : sentEmails) {
      put(byKey, RecordItems.sentEmail(sent, guardExpiry(sent.sentAt(), sent.forever())));
    }
    List<WriteRequest> writes = new ArrayList<>(byKey.values());
    for (int from = 0; from < writes.size(); from += BATCH_WRITE_LIMIT) {
      batchWrite(writes.subList(from, Math.min(from + BATCH_WRITE_LIMIT, writes.size())));
    }
  }

  private static void put(Map<Map<String, AttributeValue>, WriteRequest> byKey, Attrs attrs) {
    byKey.put(attrs.key(), WriteRequest.builder().putRequest(p -> p.item(attrs.item())).build());
  }

  /** Writes one chunk, resending what DynamoDB left unprocessed (throttling) with backoff. */
  private void batchWrite(List<WriteRequest> chunk) {
    List<WriteRequest> pending = chunk;
    for (int attempt = 1; ; attempt++) {
      List<WriteRequest> toWrite = pending;
      var response = client.batchWriteItem(b -> b.requestItems(Map.of(table, toWrite)));
      pending =
          response.hasUnprocessedItems()
              ? response.unprocessedItems().getOrDefault(table, List.of())
              : List.of();
      if (pending.isEmpty()) {
        return;
      }
      if (attempt == BATCH_WRITE_ATTEMPTS) {
        throw new IllegalStateException(
            pending.size() + " batch writes left unprocessed after " + attempt + " attempts");
      }
      sleep(UNPROCESSED_BACKOFF.computeDelay(attempt));
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the batch", e);
    }
  }

  @Override
  public EmailClaim claimEmail(String emailKey, Instant now, boolean forever) {
    Expr e =
        new Expr()
            .set(TYPE, s(BillingTable.TYPE_EMAIL_GUARD))
            .set("emailKey", s(emailKey))
            .set(STATUS, s(RecordItems.EMAIL_SENDING))
            .set(LEASE_UNTIL, n(now.plus(emailClaimLease).getEpochSecond()))
            .set("claimedAt", instant(now));
    Long expiresAt = guardExpiry(now, forever);
    if (expiresAt != null) {
      e.set(EXPIRES_AT, n(expiresAt));
    }
    // Guards written before claims existed carry no status: they were sent.
    String condition =
        "attribute_not_exists("
            + e.name(PK)
            + ") OR ("
            + e.name(STATUS)
            + " = "
            + e.value(s(RecordItems.EMAIL_SENDING))
            + " AND "
            + e.name(LEASE_UNTIL)
            + " < "
            + e.value(n(now.getEpochSecond()))
            + ")";
    try {
      update(emailKey(emailKey), e, condition);
      return EmailClaim.CLAIMED;
    } catch (ConditionalCheckFailedException sentOrSending) {
      return EmailClaim.TAKEN;
    }
  }

  @Override
  public void releaseEmail(String emailKey) {
    Expr e = new Expr();
    String condition = e.name(STATUS) + " = " + e.value(s(RecordItems.EMAIL_SENDING));
    try {
      client.deleteItem(
          b ->
              b.tableName(table)
                  .key(emailKey(emailKey))
                  .conditionExpression(condition)
                  .expressionAttributeNames(e.names())
                  .expressionAttributeValues(e.values()));
    } catch (ConditionalCheckFailedException notSending) {
      log.debug("release of email {} skipped: not being sent", emailKey);
    }
  }

  /**
   * One conditional update of the claimed guard: {@code SENT} from now on, whatever its lease. A
   * guard already {@code SENT} (another consumer's mark, or the batch end's second chance) is left
   * as it is.
   */
  @Override
  public void markEmailSent(SentEmail sent) {
    Expr e =
        new Expr()
            .set(TYPE, s(BillingTable.TYPE_EMAIL_GUARD))
            .set("emailKey", s(sent.emailKey()))
            .set(STATUS, s(RecordItems.EMAIL_SENT))
            .set("sentAt", instant(sent.sentAt()))
            .set(EXPIRES_AT, nullableN(guardExpiry(sent.sentAt(), sent.forever())))
            .remove(LEASE_UNTIL);
    String condition =
        "attribute_not_exists("
            + e.name(STATUS)
            + ") OR "
            + e.name(STATUS)
            + " <> "
            + e.value(s(RecordItems.EMAIL_SENT));
    try {
      update(emailKey(sent.emailKey()), e, condition);
    } catch (ConditionalCheckFailedException alreadySent) {
      log.debug("email {} already marked sent", sent.emailKey());
    }
  }

  private static AttributeValue nullableN(Long value) {
    return value == null ? null : n(value);
  }

  // --- failed events ---

  @Override
  public void recordFailure(FailedEvent failure) {
    Attrs attrs =
        RecordItems.failedEvent(
            failure, failure.lastFailedAt().plus(FAILED_EVENT_TTL).getEpochSecond());
    Expr e = new Expr();
    attrs
        .all()
        .forEach(
            (name, value) -> {
              if (!name.equals(PK) && !name.equals(SK)) {
                e.set(name, value);
              }
            });
    e.setIfAbsent(RecordItems.FIRST_FAILED_AT, instant(failure.firstFailedAt()));
    e.add(RecordItems.ATTEMPTS, n(1));
    String updateExpression = e.update();
    client.updateItem(
        b ->
            b.tableName(table)
                .key(attrs.key())
                .updateExpression(updateExpression)
                .expressionAttributeNames(e.names())
                .expressionAttributeValues(e.values()));
  }

  @Override
  public void clearFailure(String eventId) {
    client.deleteItem(b -> b.tableName(table).key(failedKey(eventId)));
  }

  @Override
  public List<FailedEvent> failedEvents() {
    Expr e = new Expr();
    String keyCondition = e.name(PK) + " = " + e.value(s(BillingTable.FAILED_PK));
    List<FailedEvent> failed = new ArrayList<>();
    client
        .queryPaginator(
            b ->
                b.tableName(table)
                    .keyConditionExpression(keyCondition)
                    .consistentRead(true)
                    .expressionAttributeNames(e.names())
                    .expressionAttributeValues(e.values()))
        .items()
        .forEach(item -> failed.add(RecordItems.failedEvent(item)));
    failed.sort(
        Comparator.comparing(
                FailedEvent::firstFailedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(FailedEvent::eventId));
    return List.copyOf(failed);
  }

  @Override
  public Optional<FailedEvent> failedEvent(String eventId) {
    return Optional.ofNullable(get(failedKey(eventId))).map(RecordItems::failedEvent);
  }

  private static Map<String, AttributeValue> failedKey(String eventId) {
    return Items.key(BillingTable.FAILED_PK, BillingTable.failedEventSk(eventId));
  }

  /** Epoch seconds the guard may expire at, or null to keep it for good. */
  private Long guardExpiry(Instant now, boolean forever) {
    return forever || emailGuardTtl == null ? null : now.plus(emailGuardTtl).getEpochSecond();
  }

  // --- plumbing ---

  private void update(Map<String, AttributeValue> key, Expr e, String condition) {
    String updateExpression = e.update();
    client.updateItem(
        b ->
            b.tableName(table)
                .key(key)
                .updateExpression(updateExpression)
                .conditionExpression(condition)
                .expressionAttributeNames(e.names())
                .expressionAttributeValues(e.values()));
  }

  /** Consistent GetItem, optionally projected; null when the item does not exist. */
  private Map<String, AttributeValue> get(Map<String, AttributeValue> key, String... attributes) {
    GetItemRequest.Builder request =
        GetItemRequest.builder().tableName(table).key(key).consistentRead(true);
    if (attributes.length > 0) {
      Expr e = new Expr();
      request
          .projectionExpression(
              Arrays.stream(attributes).map(e::name).collect(Collectors.joining(", ")))
          .expressionAttributeNames(e.names());
    }
    GetItemResponse response = client.getItem(request.build());
    return response.hasItem() ? response.item() : null;
  }

  private static Map<String, AttributeValue> tenantKey(String tenantId, String sk) {
    return Items.key(BillingTable.tenantPk(tenantId), sk);
  }

  private static Map<String, AttributeValue> emailKey(String emailKey) {
    return Items.key(BillingTable.emailPk(emailKey), BillingTable.EMAIL_SENT_SK);
  }

  private static String requireText(String tableName) {
    if (tableName == null || tableName.isBlank()) {
      throw new IllegalArgumentException("table name is required");
    }
    return tableName;
  }

  private static Duration positive(Duration duration, String name) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + duration);
    }
    return duration;
  }
}
