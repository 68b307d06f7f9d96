package app.billing.dynamodb;

import static app.billing.dynamodb.BillingTable.PK;
import static app.billing.dynamodb.BillingTable.SK;
import static app.billing.dynamodb.DynamoTenantStore.CREATED_AT;
import static app.billing.dynamodb.DynamoTenantStore.TENANT_ID;
import static app.billing.dynamodb.Items.instant;
import static app.billing.dynamodb.Items.s;

import app.billing.core.error.ConflictException;
import app.billing.core.tenant.ApiKeyRecord;
import app.billing.dynamodb.Items.Attrs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The API key items of {@link DynamoTenantStore}: a KEY item per key hash (what authentication
 * reads) and a listing item per key under its tenant, written and deleted in the order the store's
 * javadoc gives.
 */
final class DynamoApiKeys {
  static final String API_KEY_PREFIX = "APIKEY#";
  static final String API_KEY_SK = "KEY";
  static final String TYPE_API_KEY = "API_KEY";
  static final String TYPE_API_KEY_REF = "API_KEY_REF";
  static final String KEY_ID = "keyId";
  static final String KEY_HASH = "keyHash";

  private final DynamoDbClient client;
  private final String table;

  DynamoApiKeys(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  static String apiKeyPk(String keyHash) {
    return API_KEY_PREFIX + keyHash;
  }

  static String apiKeyRefSk(String keyId) {
    return API_KEY_PREFIX + keyId;
  }

  void saveApiKey(ApiKeyRecord key) {
    Attrs keyItem =
        new Attrs(apiKeyPk(key.keyHash()), API_KEY_SK, TYPE_API_KEY)
            .put(TENANT_ID, s(key.tenantId()))
            .put(KEY_ID, s(key.keyId()))
            .put(CREATED_AT, instant(key.createdAt()));
    Attrs refItem =
        new Attrs(BillingTable.tenantPk(key.tenantId()), apiKeyRefSk(key.keyId()), TYPE_API_KEY_REF)
            .put(KEY_HASH, s(key.keyHash()))
            .put(CREATED_AT, instant(key.createdAt()));
    try {
      putIfAbsent(keyItem);
    } catch (ConditionalCheckFailedException sameHash) {
      throw new ConflictException("api_key_exists", "An API key with this hash is stored already.");
    }
    try {
      putIfAbsent(refItem);
    } catch (ConditionalCheckFailedException sameKeyId) {
      // Two keys of one tenant whose hashes share 48 bits: undo, so every key stays revocable
      // by id.
      client.deleteItem(b -> b.tableName(table).key(keyItem.key()));
      throw new ConflictException(
          "api_key_exists",
          "Tenant "
              + key.tenantId()
              + " already has a key "
              + key.keyId()
              + "; issue another one.");
    }
  }

  Optional<ApiKeyRecord> apiKeyByHash(String keyHash) {
    Map<String, AttributeValue> item = get(Items.key(apiKeyPk(keyHash), API_KEY_SK));
    if (item == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ApiKeyRecord(
            Items.string(item, KEY_ID),
            keyHash,
            Items.string(item, TENANT_ID),
            Items.instant(item, CREATED_AT)));
  }

  List<ApiKeyRecord> apiKeys(String tenantId) {
    Expr e = new Expr();
    String keyCondition =
        e.name(PK)
            + " = "
            + e.value(s(BillingTable.tenantPk(tenantId)))
            + " AND begins_with("
            + e.name(SK)
            + ", "
            + e.value(s(API_KEY_PREFIX))
            + ")";
    List<ApiKeyRecord> keys = new ArrayList<>();
    client
        .queryPaginator(
            b ->
                b.tableName(table)
                    .keyConditionExpression(keyCondition)
                    .consistentRead(true)
                    .expressionAttributeNames(e.names())
                    .expressionAttributeValues(e.values()))
        .items()
        .forEach(
            item ->
                keys.add(
                    new ApiKeyRecord(
                        Items.string(item, SK).substring(API_KEY_PREFIX.length()),
                        Items.string(item, KEY_HASH),
                        tenantId,
                        Items.instant(item, CREATED_AT))));
    return List.copyOf(keys);
  }

  boolean revokeApiKey(String tenantId, String keyId) {
    Map<String, AttributeValue> refKey =
        Items.key(BillingTable.tenantPk(tenantId), apiKeyRefSk(keyId));
    Map<String, AttributeValue> ref = get(refKey);
    if (ref == null) {
      return false;
    }
    String keyHash = Items.string(ref, KEY_HASH);
    if (keyHash != null) {
      // Only this tenant's key: a listing item never revokes another tenant's key.
      Expr e = new Expr();
      String condition =
          "attribute_not_exists("
              + e.name(PK)
              + ") OR "
              + e.name(TENANT_ID)
              + " = "
              + e.value(s(tenantId));
      try {
        client.deleteItem(
            b ->
                b.tableName(table)
                    .key(Items.key(apiKeyPk(keyHash), API_KEY_SK))
                    .conditionExpression(condition)
                    .expressionAttributeNames(e.names())
                    .expressionAttributeValues(e.values()));
      } catch (ConditionalCheckFailedException otherTenant) {
        throw new IllegalStateException(
            "listing item "
                + keyId
                + " of tenant "
                + tenantId
                + " points at a key of another tenant");
      }
    }
    client.deleteItem(b -> b.tableName(table).key(refKey));
    return true;
  }

  private void putIfAbsent(Attrs attrs) {
    Expr e = new Expr();
    String condition = "attribute_not_exists(" + e.name(PK) + ")";
    client.putItem(
        b ->
            b.tableName(table)
                .item(attrs.item())
                .conditionExpression(condition)
                .expressionAttributeNames(e.names()));
  }

  /** Consistent GetItem; null when the item does not exist. */
  private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
    var response = client.getItem(b -> b.tableName(table).key(key).consistentRead(true));
    return response.hasItem() ? response.item() : null;
  }
}
