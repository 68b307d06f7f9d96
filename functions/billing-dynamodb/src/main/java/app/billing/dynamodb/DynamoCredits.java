package app.billing.dynamodb;

import static app.billing.dynamodb.BillingTable.TYPE;
import static app.billing.dynamodb.Items.instant;
import static app.billing.dynamodb.Items.n;
import static app.billing.dynamodb.Items.s;
import static app.billing.dynamodb.RecordItems.TENANT_ID;
import static app.billing.dynamodb.TableAccess.tenantKey;

import app.billing.core.port.Credits;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link Credits} on the billing table: one item per tenant holding the balance and the set of
 * granted orders, added to in one conditional update so an order is granted once. Take-backs keep
 * each order's cumulative total beside the balance ({@code takenBack#<order>}); a take-back reads
 * both and writes them in one update conditioned on what it read, so the balance is capped at zero
 * and a concurrent change makes it read again.
 */
public final class DynamoCredits implements Credits {
  static final String BALANCE = "balance";
  static final String GRANTED_ORDERS = "grantedOrders";
  static final String TAKEN_BACK_PREFIX = "takenBack#";

  /** Concurrent writers of one tenant's credits are rare; a few reads settle them. */
  private static final int ATTEMPTS = 5;

  private final TableAccess access;

  public DynamoCredits(DynamoDbClient client, String tableName) {
    this.access = new TableAccess(client, tableName);
  }

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
      access.update(tenantKey(tenantId, BillingTable.CREDITS_SK), e, condition);
      return true;
    } catch (ConditionalCheckFailedException alreadyGranted) {
      return false;
    }
  }

  @Override
  public long takeBackCredits(String tenantId, String orderId, long totalTakenBack, Instant now) {
    String takenAttribute = TAKEN_BACK_PREFIX + orderId;
    Map<String, AttributeValue> key = tenantKey(tenantId, BillingTable.CREDITS_SK);
    for (int attempt = 1; ; attempt++) {
      Map<String, AttributeValue> item = access.get(key, BALANCE, takenAttribute);
      if (item == null) {
        return 0; // nothing was ever granted: nothing to take back
      }
      long balance = Items.number(item, BALANCE);
      boolean seen = item.containsKey(takenAttribute);
      long before = seen ? Items.number(item, takenAttribute) : 0;
      if (totalTakenBack <= before) {
        return 0;
      }
      long debit = Math.min(totalTakenBack - before, Math.max(0, balance));
      Expr e =
          new Expr()
              .set(BALANCE, n(balance - debit))
              .set(takenAttribute, n(totalTakenBack))
              .set("updatedAt", instant(now));
      String condition =
          e.name(BALANCE)
              + " = "
              + e.value(n(balance))
              + " AND "
              + (seen
                  ? e.name(takenAttribute) + " = " + e.value(n(before))
                  : "attribute_not_exists(" + e.name(takenAttribute) + ")");
      try {
        access.update(key, e, condition);
        return debit;
      } catch (ConditionalCheckFailedException changedMeanwhile) {
        if (attempt == ATTEMPTS) {
          throw changedMeanwhile;
        }
      }
    }
  }

  @Override
  public long credits(String tenantId) {
    Map<String, AttributeValue> item =
        access.get(tenantKey(tenantId, BillingTable.CREDITS_SK), BALANCE);
    return item == null ? 0 : Items.number(item, BALANCE);
  }
}
