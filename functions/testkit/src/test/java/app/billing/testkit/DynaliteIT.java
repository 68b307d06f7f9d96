package app.billing.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynaliteIT {
  @AutoClose private static Dynalite dynalite;
  @AutoClose private static DynamoDbClient dynamo;

  @BeforeAll
  static void start() {
    dynalite = Dynalite.start();
    dynamo = client(dynalite);
  }

  @Test
  void conditionalPutUpdateAddAndQuery() {
    createTable(dynamo, "billing");
    dynamo.putItem(
        b ->
            b.tableName("billing")
                .item(Map.of("PK", s("CUS#1"), "SK", s("PROFILE"), "email", s("a@x.io"))));

    assertThatThrownBy(
            () ->
                dynamo.putItem(
                    b ->
                        b.tableName("billing")
                            .item(Map.of("PK", s("CUS#1"), "SK", s("PROFILE")))
                            .conditionExpression("attribute_not_exists(PK)")))
        .isInstanceOf(ConditionalCheckFailedException.class);

    for (int i = 0; i < 2; i++) {
      dynamo.updateItem(
          b ->
              b.tableName("billing")
                  .key(Map.of("PK", s("CUS#1"), "SK", s("USAGE#2025-01")))
                  .updateExpression("ADD seats :n")
                  .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("3")))
                  .returnValues(ReturnValue.ALL_NEW));
    }

    var items =
        dynamo
            .query(
                b ->
                    b.tableName("billing")
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                        .expressionAttributeValues(
                            Map.of(":pk", s("CUS#1"), ":prefix", s("USAGE#"))))
            .items();
    assertThat(items)
        .singleElement()
        .satisfies(item -> assertThat(item.get("seats").n()).isEqualTo("6"));
  }

  @Test
  void persistsToDataDirAcrossRestarts(@TempDir Path dataDir) {
    try (Dynalite first = Dynalite.start(dataDir);
        DynamoDbClient client = client(first)) {
      createTable(client, "persisted");
      client.putItem(b -> b.tableName("persisted").item(Map.of("PK", s("a"), "SK", s("b"))));
    }
    try (Dynalite second = Dynalite.start(dataDir);
        DynamoDbClient client = client(second)) {
      assertThat(
              client
                  .getItem(b -> b.tableName("persisted").key(Map.of("PK", s("a"), "SK", s("b"))))
                  .hasItem())
          .isTrue();
    }
  }

  private static DynamoDbClient client(Dynalite engine) {
    return LocalAws.configure(DynamoDbClient.builder(), engine.endpoint()).build();
  }

  private static void createTable(DynamoDbClient client, String name) {
    client.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("PK")
                        .attributeType(ScalarAttributeType.S)
                        .build(),
                    AttributeDefinition.builder()
                        .attributeName("SK")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder().attributeName("PK").keyType(KeyType.HASH).build(),
                    KeySchemaElement.builder().attributeName("SK").keyType(KeyType.RANGE).build()));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
