package app.billing.dynamodb;

import static app.billing.dynamodb.BillingTable.EXPIRES_AT;
import static app.billing.dynamodb.BillingTable.PK;
import static app.billing.dynamodb.BillingTable.TYPE;
import static app.billing.dynamodb.Items.instant;
import static app.billing.dynamodb.Items.n;
import static app.billing.dynamodb.Items.s;

import app.billing.core.error.ConflictException;
import app.billing.core.error.NotFoundException;
import app.billing.core.port.TenantStore;
import app.billing.core.tenant.ApiKeyRecord;
import app.billing.core.tenant.TenantProfile;
import app.billing.dynamodb.Items.Attrs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link TenantStore} on the single billing table ({@link BillingTable}). Item layout:
 *
 * <pre>
 * pk                    sk                type          attributes
 * TENANT#&lt;tenantId&gt;     PROFILE           PROFILE       tenantId, name, billingEmail, stripeCustomerId?, createdAt
 * APIKEY#&lt;sha256 hex&gt;   KEY               API_KEY       tenantId, keyId, createdAt
 * TENANT#&lt;tenantId&gt;     APIKEY#&lt;keyId&gt;    API_KEY_REF   keyHash, createdAt
 * RATE#&lt;windowKey&gt;      COUNT             RATE_WINDOW   count (ADD), expiresAt (TTL, epoch seconds)
 * </pre>
 *
 * <p>Every operation is a single-item read or write (dynalite has no transactions). A key is
 * written as its KEY item (what authentication reads) before its listing item: a crash in between
 * leaves a KEY item whose plain key was never shown to anyone. Revocation deletes the KEY item
 * first, so the key stops working before it disappears from listings; repeating a half-done
 * revocation finishes it.
 */
public final class DynamoTenantStore implements TenantStore {
  public static final String RATE_PREFIX = "RATE#";
  public static final String RATE_SK = "COUNT";

  public static final String TYPE_RATE_WINDOW = "RATE_WINDOW";

  static final String TENANT_ID = "tenantId";
  static final String NAME = "name";
  static final String BILLING_EMAIL = "billingEmail";
  static final String STRIPE_CUSTOMER_ID = "stripeCustomerId";
  static final String CREATED_AT = "createdAt";
  static final String COUNT = "count";

  private final DynamoDbClient client;
  private final String table;
  private final DynamoApiKeys apiKeys;

  public DynamoTenantStore(DynamoDbClient client, String tableName) {
    this.client = Objects.requireNonNull(client, "client");
    if (tableName == null || tableName.isBlank()) {
      throw new IllegalArgumentException("table name is required");
    }
    this.table = tableName;
    this.apiKeys = new DynamoApiKeys(client, tableName);
  }

  public static String ratePk(String windowKey) {
    return RATE_PREFIX + windowKey;
  }

  // --- tenants ---

  @Override
  public void createTenant(TenantProfile profile) {
    Attrs attrs =
        new Attrs(
                BillingTable.tenantPk(profile.tenantId()),
                BillingTable.PROFILE_SK,
                BillingTable.TYPE_PROFILE)
            .put(TENANT_ID, s(profile.tenantId()))
            .put(NAME, s(profile.name()))
            .put(BILLING_EMAIL, s(profile.billingEmail()))
            .put(STRIPE_CUSTOMER_ID, s(profile.stripeCustomerId()))
            .put(CREATED_AT, instant(profile.createdAt()));
    Expr e = new Expr();
    String condition = "attribute_not_exists(" + e.name(PK) + ")";
    try {
      client.putItem(
          b ->
              b.tableName(table)
                  .item(attrs.item())
                  .conditionExpression(condition)
                  .expressionAttributeNames(e.names()));
    } catch (ConditionalCheckFailedException taken) {
      throw new ConflictException(
          "tenant_exists",
          "Tenant " + profile.tenantId() + " already exists.",
          Map.of("tenantId", profile.tenantId()));
    }
  }

  @Override
  public Optional<TenantProfile> tenant(String tenantId) {
    return Optional.ofNullable(get(profileKey(tenantId))).map(DynamoTenantStore::profile);
  }

  @Override
  public List<TenantProfile> tenants() {
    Expr e = new Expr();
    String filter = e.name(TYPE) + " = " + e.value(s(BillingTable.TYPE_PROFILE));
    List<TenantProfile> profiles = new ArrayList<>();
    client
        .scanPaginator(
            b ->
                b.tableName(table)
                    .filterExpression(filter)
                    .consistentRead(true)
                    .expressionAttributeNames(e.names())
                    .expressionAttributeValues(e.values()))
        .items()
        .forEach(item -> profiles.add(profile(item)));
    return List.copyOf(profiles);
  }

  @Override
  public String attachStripeCustomer(String tenantId, String customerId) {
    if (customerId == null || customerId.isBlank()) {
      throw new IllegalArgumentException("customer id is required");
    }
    Expr e = new Expr().setIfAbsent(STRIPE_CUSTOMER_ID, s(customerId));
    String update = e.update();
    String condition = "attribute_exists(" + e.name(PK) + ")";
    try {
      Map<String, AttributeValue> stored =
          client
              .updateItem(
                  b ->
                      b.tableName(table)
                          .key(profileKey(tenantId))
                          .updateExpression(update)
                          .conditionExpression(condition)
                          .returnValues(ReturnValue.ALL_NEW)
                          .expressionAttributeNames(e.names())
                          .expressionAttributeValues(e.values()))
              .attributes();
      return Items.string(stored, STRIPE_CUSTOMER_ID);
    } catch (ConditionalCheckFailedException noProfile) {
      throw new NotFoundException(
          "tenant_not_found", "There is no tenant " + tenantId + ".", Map.of("tenantId", tenantId));
    }
  }

  // --- API keys ---

  @Override
  public void saveApiKey(ApiKeyRecord key) {
    apiKeys.saveApiKey(key);
  }

  @Override
  public Optional<ApiKeyRecord> apiKeyByHash(String keyHash) {
    return apiKeys.apiKeyByHash(keyHash);
  }

  @Override
  public List<ApiKeyRecord> apiKeys(String tenantId) {
    return apiKeys.apiKeys(tenantId);
  }

  @Override
  public boolean revokeApiKey(String tenantId, String keyId) {
    return apiKeys.revokeApiKey(tenantId, keyId);
  }

  // --- rate windows ---

  @Override
  public long countRequest(String windowKey, Instant expiresAt) {
    Expr e =
        new Expr()
            .set(TYPE, s(TYPE_RATE_WINDOW))
            .set(EXPIRES_AT, n(expiresAt.getEpochSecond()))
            .add(COUNT, n(1));
    String update = e.update();
    Map<String, AttributeValue> updated =
        client
            .updateItem(
                b ->
                    b.tableName(table)
                        .key(Items.key(ratePk(windowKey), RATE_SK))
                        .updateExpression(update)
                        .returnValues(ReturnValue.UPDATED_NEW)
                        .expressionAttributeNames(e.names())
                        .expressionAttributeValues(e.values()))
            .attributes();
    return Items.number(updated, COUNT);
  }

  // --- plumbing ---

  /** Consistent GetItem; null when the item does not exist. */
  private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
    var response = client.getItem(b -> b.tableName(table).key(key).consistentRead(true));
    return response.hasItem() ? response.item() : null;
  }

  private static Map<String, AttributeValue> profileKey(String tenantId) {
    return Items.key(BillingTable.tenantPk(tenantId), BillingTable.PROFILE_SK);
  }

  private static TenantProfile profile(Map<String, AttributeValue> item) {
    String tenantId = Items.string(item, TENANT_ID);
    if (tenantId == null) {
      tenantId = Items.string(item, PK).substring(BillingTable.TENANT_PREFIX.length());
    }
    return new TenantProfile(
        tenantId,
        Items.string(item, NAME),
        Items.string(item, BILLING_EMAIL),
        Items.string(item, STRIPE_CUSTOMER_ID),
        Items.instant(item, CREATED_AT));
  }
}
