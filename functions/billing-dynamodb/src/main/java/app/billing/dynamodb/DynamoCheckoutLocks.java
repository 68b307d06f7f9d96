package app.billing.dynamodb;

import static app.billing.dynamodb.BillingTable.EXPIRES_AT;
import static app.billing.dynamodb.BillingTable.PK;
import static app.billing.dynamodb.Items.n;
import static app.billing.dynamodb.Items.s;

import app.billing.core.port.CheckoutLocks;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link CheckoutLocks} on the billing table: item {@code TENANT#<id>} / {@code CHECKOUT_LOCK} with
 * {@code holder}, {@code lockedAt}, {@code expiresAt} (epoch seconds, the table's TTL attribute)
 * and, once created, {@code sessionId}. Conditional PutItem and UpdateItem plus a GetItem, so the
 * checkout role needs no permission beyond what it has.
 */
public final class DynamoCheckoutLocks implements CheckoutLocks {
  static final String LOCK_SK = "CHECKOUT_LOCK";
  static final String TYPE_CHECKOUT_LOCK = "CHECKOUT_LOCK";
  static final String HOLDER = "holder";
  static final String SESSION_ID = "sessionId";
  static final String LOCKED_AT = "lockedAt";

  private final DynamoDbClient client;
  private final String table;

  public DynamoCheckoutLocks(DynamoDbClient client, String table) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
  }

  @Override
  public Optional<Instant> acquire(String tenantId, String holder, Instant now, Instant expiresAt) {
    // A fresh item (no sessionId) when the lock is free or expired...
    Expr e = new Expr();
    String free =
        "attribute_not_exists("
            + e.name(PK)
            + ") OR "
            + e.name(EXPIRES_AT)
            + " <= "
            + e.value(n(now.getEpochSecond()));
    if (put(tenantId, holder, now, expiresAt, e, free)) {
      return Optional.of(now);
    }
    // ...else it is ours only if this holder took it (a retry), checked atomically.
    return heldBy(tenantId, holder, now);
  }

  @Override
  public Optional<Lock> current(String tenantId) {
    Map<String, AttributeValue> item =
        client.getItem(b -> b.tableName(table).key(key(tenantId)).consistentRead(true)).item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Lock(
            Items.string(item, HOLDER),
            Items.instant(item, LOCKED_AT),
            Instant.ofEpochSecond(Items.number(item, EXPIRES_AT))));
  }

  @Override
  public boolean takeOver(
      String tenantId, String staleHolder, String holder, Instant now, Instant expiresAt) {
    Expr e = new Expr();
    String stillStale = e.name(HOLDER) + " = " + e.value(s(staleHolder));
    return put(tenantId, holder, now, expiresAt, e, stillStale);
  }

  private boolean put(
      String tenantId, String holder, Instant now, Instant expiresAt, Expr e, String condition) {
    try {
      client.putItem(
          b ->
              b.tableName(table)
                  .item(
                      new Items.Attrs(BillingTable.tenantPk(tenantId), LOCK_SK, TYPE_CHECKOUT_LOCK)
                          .put(HOLDER, s(holder))
                          .put(EXPIRES_AT, n(expiresAt.getEpochSecond()))
                          .put(LOCKED_AT, Items.instant(now))
                          .item())
                  .conditionExpression(condition)
                  .expressionAttributeNames(e.names())
                  .expressionAttributeValues(e.values()));
      return true;
    } catch (ConditionalCheckFailedException held) {
      return false;
    }
  }

  /** The lock's time when {@code holder} holds it live (a no-op update, so the check is atomic). */
  private Optional<Instant> heldBy(String tenantId, String holder, Instant now) {
    Expr e = new Expr().set(HOLDER, s(holder));
    String condition =
        e.name(HOLDER)
            + " = "
            + e.value(s(holder))
            + " AND "
            + e.name(EXPIRES_AT)
            + " > "
            + e.value(n(now.getEpochSecond()));
    return update(tenantId, e, e.update(), condition).map(item -> Items.instant(item, LOCKED_AT));
  }

  @Override
  public void sessionCreated(String tenantId, String holder, String sessionId) {
    Expr e = new Expr().set(SESSION_ID, s(sessionId));
    String update = e.update();
    String condition = e.name(HOLDER) + " = " + e.value(s(holder));
    update(tenantId, e, update, condition);
  }

  @Override
  public void release(String tenantId, String holder, Instant now) {
    Expr e = new Expr().set(EXPIRES_AT, n(now.getEpochSecond()));
    String update = e.update();
    String condition =
        e.name(HOLDER)
            + " = "
            + e.value(s(holder))
            + " AND attribute_not_exists("
            + e.name(SESSION_ID)
            + ")";
    update(tenantId, e, update, condition);
  }

  private static Map<String, AttributeValue> key(String tenantId) {
    return Items.key(BillingTable.tenantPk(tenantId), LOCK_SK);
  }

  /** The item as updated; empty when the condition does not hold (nothing written). */
  private Optional<Map<String, AttributeValue>> update(
      String tenantId, Expr e, String update, String condition) {
    try {
      return Optional.of(
          client
              .updateItem(
                  b ->
                      b.tableName(table)
                          .key(key(tenantId))
                          .updateExpression(update)
                          .conditionExpression(condition)
                          .expressionAttributeNames(e.names())
                          .expressionAttributeValues(e.values())
                          .returnValues(ReturnValue.ALL_NEW))
              .attributes());
    } catch (ConditionalCheckFailedException notHeld) {
      return Optional.empty();
    }
  }
}
