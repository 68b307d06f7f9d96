package app.billing.provisioning.adapter;

import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.dynamodb.Items;
import app.billing.provisioning.core.port.TenantDirectory;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Tenant profiles in the billing table ({@code TENANT#<id>} / {@code PROFILE}). */
public final class DynamoTenantDirectory implements TenantDirectory {
  private final DynamoDbClient client;
  private final String table;
  private final DynamoTenantStore tenants;

  public DynamoTenantDirectory(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
    this.tenants = new DynamoTenantStore(client, table);
  }

  @Override
  public boolean exists(String tenantId) {
    return tenants.tenant(tenantId).isPresent();
  }

  @Override
  public void detachStripeCustomer(String tenantId, String customerId) {
    try {
      client.updateItem(
          b ->
              b.tableName(table)
                  .key(Items.key(BillingTable.tenantPk(tenantId), BillingTable.PROFILE_SK))
                  .updateExpression("REMOVE #c")
                  .conditionExpression("#c = :c")
                  .expressionAttributeNames(Map.of("#c", "stripeCustomerId"))
                  .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(customerId))));
    } catch (ConditionalCheckFailedException otherCustomerOrNoTenant) {
      // The tenant already has a newer customer (or none): nothing to undo.
    }
  }
}
