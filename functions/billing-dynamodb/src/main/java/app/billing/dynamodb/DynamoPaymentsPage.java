package app.billing.dynamodb;

import static app.billing.dynamodb.BillingTable.PK;
import static app.billing.dynamodb.BillingTable.SK;
import static app.billing.dynamodb.Items.s;

import app.billing.core.model.PaymentRecord;
import app.billing.core.port.PaymentHistory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link PaymentHistory} on the billing table: a descending Query of the tenant's {@code PAYMENT#}
 * items. The cursor is the base64url (unpadded) sort key of the last payment returned, i.e. the
 * LastEvaluatedKey of a query limited to that page; it carries no partition key: the partition is
 * always the caller's tenant, so a cursor taken from another tenant can only position a read inside
 * the caller's own payments. Cursors that do not decode to a payment sort key are refused.
 *
 * <p>Reads one item more than asked so that {@code hasMore} is exact (DynamoDB returns a
 * LastEvaluatedKey whenever it stopped at the limit, even with nothing left).
 */
public final class DynamoPaymentsPage implements PaymentHistory {
  /** {@code PAYMENT#<12 digits>#<payment id>}, as {@link BillingTable#paymentSk} writes it. */
  private static final Pattern PAYMENT_SK =
      Pattern.compile("PAYMENT#[0-9]{12}#[A-Za-z0-9_-]{1,255}");

  private static final int MAX_CURSOR_LENGTH = 512;

  private final DynamoDbClient client;
  private final String table;

  public DynamoPaymentsPage(DynamoDbClient client, String tableName) {
    this.client = Objects.requireNonNull(client, "client");
    if (tableName == null || tableName.isBlank()) {
      throw new IllegalArgumentException("table name is required");
    }
    this.table = tableName;
  }

  @Override
  public Page payments(String tenantId, int limit, Optional<String> cursor) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    String pk = BillingTable.tenantPk(Objects.requireNonNull(tenantId, "tenantId"));
    Map<String, AttributeValue> startKey = cursor.map(c -> Items.key(pk, decode(c))).orElse(null);

    Expr e = new Expr();
    String keyCondition =
        e.name(PK)
            + " = "
            + e.value(s(pk))
            + " AND begins_with("
            + e.name(SK)
            + ", "
            + e.value(s(BillingTable.PAYMENT_PREFIX))
            + ")";
    List<Map<String, AttributeValue>> items = new ArrayList<>(limit + 1);
    do {
      // Payment items are small, but a query page also stops at 1 MB: keep reading until full or
      // done.
      QueryRequest request =
          QueryRequest.builder()
              .tableName(table)
              .keyConditionExpression(keyCondition)
              .expressionAttributeNames(e.names())
              .expressionAttributeValues(e.values())
              .scanIndexForward(false)
              .consistentRead(true)
              .limit(limit + 1 - items.size())
              .exclusiveStartKey(startKey)
              .build();
      QueryResponse response = client.query(request);
      items.addAll(response.items());
      startKey =
          response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
              ? response.lastEvaluatedKey()
              : null;
    } while (items.size() <= limit && startKey != null);

    boolean more = items.size() > limit;
    List<Map<String, AttributeValue>> page = more ? items.subList(0, limit) : items;
    List<PaymentRecord> payments = page.stream().map(RecordItems::payment).toList();
    return new Page(
        payments,
        more ? Optional.of(encode(Items.string(page.get(limit - 1), SK))) : Optional.empty());
  }

  static String encode(String sortKey) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
  }

  /** The payment sort key in a cursor; anything else is an {@link InvalidCursorException}. */
  static String decode(String cursor) {
    if (cursor.length() > MAX_CURSOR_LENGTH) {
      throw new InvalidCursorException("cursor too long");
    }
    String sortKey;
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(cursor);
      sortKey =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw new InvalidCursorException("cursor is not base64url");
    }
    if (!PAYMENT_SK.matcher(sortKey).matches()) {
      throw new InvalidCursorException("cursor is not a payment position");
    }
    return sortKey;
  }
}
