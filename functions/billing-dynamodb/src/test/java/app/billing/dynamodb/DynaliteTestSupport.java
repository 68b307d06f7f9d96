package app.billing.dynamodb;

import app.billing.testkit.DynamoOnDynalite;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One dynalite per test class, a fresh table per test. */
abstract class DynaliteTestSupport {
  @RegisterExtension
  static final DynamoOnDynalite DYNAMO =
      new DynamoOnDynalite("billing-", BillingTable::createIfMissing);

  DynamoDbClient dynamo;
  String table;
  DynamoBillingStore store;

  @BeforeEach
  void freshTable() {
    dynamo = DYNAMO.client();
    table = DYNAMO.freshTable();
    store = new DynamoBillingStore(dynamo, table);
  }

  /** The stored item as DynamoDB holds it, or null. */
  Map<String, AttributeValue> rawItem(String pk, String sk) {
    var response =
        dynamo.getItem(b -> b.tableName(table).key(Items.key(pk, sk)).consistentRead(true));
    return response.hasItem() ? response.item() : null;
  }
}
