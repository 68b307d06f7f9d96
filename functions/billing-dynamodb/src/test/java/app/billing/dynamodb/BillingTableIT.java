package app.billing.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.config.ConfigException;
import app.billing.core.config.ConfigReader;
import app.billing.testkit.DynamoOnDynalite;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

class BillingTableIT {
  @RegisterExtension static final DynamoOnDynalite DYNAMO = new DynamoOnDynalite();

  final DynamoDbClient dynamo = DYNAMO.client();

  @Test
  void createIfMissingCreatesAnActiveOnDemandTableOnce() {
    BillingTable.createIfMissing(dynamo, "billing-local");
    BillingTable.createIfMissing(dynamo, "billing-local");

    var table = dynamo.describeTable(b -> b.tableName("billing-local")).table();
    assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(table.keySchema())
        .containsExactly(
            KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build());
    assertThat(table.globalSecondaryIndexes()).isEmpty();
  }

  @Test
  void tableNameFromConfig() {
    assertThat(BillingTable.tableName(new ConfigReader(Map.of("BILLING_TABLE", "billing-prod"))))
        .isEqualTo("billing-prod");

    var missing = new ConfigReader(Map.of());
    BillingTable.tableName(missing);
    assertThatThrownBy(missing::validate)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("BILLING_TABLE");
  }

  @Test
  void sortKeysOrderByTime() {
    assertThat(BillingTable.paymentSk(1_740_820_365L, "in_1"))
        .isEqualTo("PAYMENT#001740820365#in_1");
    assertThat(BillingTable.auditSk(5, "evt_1")).isEqualTo("EVENT#000000000005#evt_1");
    assertThat(BillingTable.parkedSk(999_999_999L, "evt_a"))
        .isLessThan(BillingTable.parkedSk(1_000_000_000L, "evt_a"));
  }
}
