package app.billing.dynamodb;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/** The billing table's client and name, shared by the per-port adapters, with their plumbing. */
final class TableAccess {
  final DynamoDbClient client;
  final String table;

  TableAccess(DynamoDbClient client, String tableName) {
    this.client = Objects.requireNonNull(client, "client");
    if (tableName == null || tableName.isBlank()) {
      throw new IllegalArgumentException("table name is required");
    }
    this.table = tableName;
  }

  /** Conditional UpdateItem built from {@code e}. */
  void update(Map<String, AttributeValue> key, Expr e, String condition) {
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
  Map<String, AttributeValue> get(Map<String, AttributeValue> key, String... attributes) {
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

  static Map<String, AttributeValue> tenantKey(String tenantId, String sk) {
    return Items.key(BillingTable.tenantPk(tenantId), sk);
  }
}
