package app.billing.dynamodb;

import app.billing.testkit.Dynalite;
import app.billing.testkit.LocalAws;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One dynalite per test class, a fresh table per test. */
abstract class DynaliteTestSupport {
  private static final AtomicInteger TABLES = new AtomicInteger();

  static Dynalite dynalite;
  static DynamoDbClient dynamo;

  String table;
  DynamoBillingStore store;

  @BeforeAll
  static void startEngine() {
    dynalite = Dynalite.start();
    dynamo = LocalAws.configure(DynamoDbClient.builder(), dynalite.endpoint()).build();
  }

  @AfterAll
  static void stopEngine() {
    dynamo.close();
    dynalite.close();
  }

  @BeforeEach
  void freshTable() {
    table = "billing-" + TABLES.incrementAndGet();
    BillingTable.createIfMissing(dynamo, table);
    store = new DynamoBillingStore(dynamo, table);
  }

  /** The stored item as DynamoDB holds it, or null. */
  Map<String, AttributeValue> rawItem(String pk, String sk) {
    var response = dynamo.getItem(b -> b.tableName(table).key(Items.key(pk, sk)).consistentRead(true));
    return response.hasItem() ? response.item() : null;
  }
}
