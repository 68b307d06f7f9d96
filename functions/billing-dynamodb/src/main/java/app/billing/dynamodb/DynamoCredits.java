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
 * granted orders, added to in one conditional update so an order is granted once.
 */
public final class DynamoCredits implements Credits {
  static final String BALANCE = "balance";
  static final String GRANTED_ORDERS = "grantedOrders";

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
  public long credits(String tenantId) {
    Map<String, AttributeValue> item =
        access.get(tenantKey(tenantId, BillingTable.CREDITS_SK), BALANCE);
    return item == null ? 0 : Items.number(item, BALANCE);
  }
}
