package app.billing.dynamodb;

import static app.billing.dynamodb.BillingTable.EXPIRES_AT;
import static app.billing.dynamodb.BillingTable.PK;
import static app.billing.dynamodb.Items.n;
import static app.billing.dynamodb.Items.s;

import app.billing.core.port.CheckoutLocks;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link CheckoutLocks} on the billing table: item {@code TENANT#<id>} / {@code CHECKOUT_LOCK} with
 * {@code holder}, {@code expiresAt} (epoch seconds, the table's TTL attribute) and, once created,
 * {@code sessionId}. Only PutItem and UpdateItem, both conditional, so the checkout role needs no
 * permission beyond what it has.
 */
public final class DynamoCheckoutLocks implements CheckoutLocks {
  static final String LOCK_SK = "CHECKOUT_LOCK";
  static final String TYPE_CHECKOUT_LOCK = "CHECKOUT_LOCK";
  static final String HOLDER = "holder";
  static final String SESSION_ID = "sessionId";

  private final DynamoDbClient client;
  private final String table;

  public DynamoCheckoutLocks(DynamoDbClient client, String table) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
  }

  @Override
  public boolean acquire(String tenantId, String holder, Instant now, Instant expiresAt) {
    // A fresh item (no sessionId) when the lock is free or expired...
    Expr put = new Expr();
    String free =
        "attribute_not_exists("
            + put.name(PK)
            + ") OR "
            + put.name(EXPIRES_AT)
            + " <= "
            + put.value(n(now.getEpochSecond()));
    try {
      client.putItem(
          b ->
              b.tableName(table)
                  .item(
                      new Items.Attrs(BillingTable.tenantPk(tenantId), LOCK_SK, TYPE_CHECKOUT_LOCK)
                          .put(HOLDER, s(holder))
                          .put(EXPIRES_AT, n(expiresAt.getEpochSecond()))
                          .put("lockedAt", Items.instant(now))
                          .item())
                  .conditionExpression(free)
                  .expressionAttributeNames(put.names())
                  .expressionAttributeValues(put.values()));
      return true;
    } catch (ConditionalCheckFailedException held) {
      // ...else it is ours only if this holder took it (a retry), checked atomically.
      return heldBy(tenantId, holder, now);
    }
  }

  private boolean heldBy(String tenantId, String holder, Instant now) {
    Expr e = new Expr().set(HOLDER, s(holder));
    String update = e.update();
    String condition =
        e.name(HOLDER)
            + " = "
            + e.value(s(holder))
            + " AND "
            + e.name(EXPIRES_AT)
            + " > "
            + e.value(n(now.getEpochSecond()));
    return conditionalUpdate(tenantId, e, update, condition);
  }

  @Override
  public void sessionCreated(String tenantId, String holder, String sessionId) {
    Expr e = new Expr().set(SESSION_ID, s(sessionId));
    String update = e.update();
    String condition = e.name(HOLDER) + " = " + e.value(s(holder));
    conditionalUpdate(tenantId, e, update, condition);
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
    conditionalUpdate(tenantId, e, update, condition);
  }

  /** Returns false when the condition does not hold (nothing written). */
  private boolean conditionalUpdate(String tenantId, Expr e, String update, String condition) {
    Map<String, AttributeValue> key = Items.key(BillingTable.tenantPk(tenantId), LOCK_SK);
    try {
      client.updateItem(
          b ->
              b.tableName(table)
                  .key(key)
                  .updateExpression(update)
                  .conditionExpression(condition)
                  .expressionAttributeNames(e.names())
                  .expressionAttributeValues(e.values()));
      return true;
    } catch (ConditionalCheckFailedException notHeld) {
      return false;
    }
  }
}
