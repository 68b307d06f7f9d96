package app.billing.dynamodb;

import static app.billing.dynamodb.Items.n;
import static app.billing.dynamodb.Items.s;

import app.billing.core.outbound.OutboundMessage;
import app.billing.core.port.OutboundOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The outbox in the billing table, one item per record version:
 *
 * <pre>
 * OUTBOUND#&lt;recordVersion&gt;   EVENTS   messages (list), published (bool), expiresAt (TTL)
 * </pre>
 *
 * Staging is a conditional put (the first staging wins, a published mark is never reset). Reads and
 * marks are single-item requests, one per record version (a batch has a few; dynalite, the local
 * engine, has no transactions). Items expire after {@link #TTL}, beyond the queue's and the
 * dead-letter queue's retention: no retry can still need them then.
 */
public final class DynamoOutboundOutbox implements OutboundOutbox {
  public static final String PK_PREFIX = "OUTBOUND#";
  public static final String SK = "EVENTS";
  public static final String TYPE_OUTBOX = "OUTBOX";
  public static final Duration TTL = Duration.ofDays(35);
  private static final String MESSAGES = "messages";
  private static final String PUBLISHED = "published";

  private final DynamoDbClient client;
  private final String table;
  private final Clock clock;

  public DynamoOutboundOutbox(DynamoDbClient client, String table, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public boolean stage(String recordVersion, List<OutboundMessage> messages) {
    Map<String, AttributeValue> item = new HashMap<>(key(recordVersion));
    item.put(BillingTable.TYPE, s(TYPE_OUTBOX));
    item.put(
        MESSAGES,
        AttributeValue.fromL(messages.stream().map(DynamoOutboundOutbox::encode).toList()));
    item.put(PUBLISHED, AttributeValue.fromBool(false));
    item.put(BillingTable.EXPIRES_AT, n(clock.instant().plus(TTL).getEpochSecond()));
    try {
      client.putItem(
          b ->
              b.tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(" + BillingTable.PK + ")"));
      return true;
    } catch (ConditionalCheckFailedException alreadyStaged) {
      // A version's change maps to the same messages every time; the stored item stays.
      return false;
    }
  }

  @Override
  public List<OutboundMessage> unpublished(Collection<String> recordVersions) {
    List<OutboundMessage> owed = new ArrayList<>();
    for (String version : recordVersions) {
      var response = client.getItem(b -> b.tableName(table).key(key(version)).consistentRead(true));
      Map<String, AttributeValue> item = response.item();
      if (response.hasItem() && !Items.bool(item, PUBLISHED)) {
        item.get(MESSAGES).l().forEach(m -> owed.add(decode(m.m())));
      }
    }
    return owed;
  }

  @Override
  public void markPublished(Collection<String> recordVersions) {
    for (String version : recordVersions) {
      try {
        client.updateItem(
            b ->
                b.tableName(table)
                    .key(key(version))
                    .updateExpression("SET #p = :t")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#p", PUBLISHED, "#pk", BillingTable.PK))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))));
      } catch (ConditionalCheckFailedException expired) {
        // Nothing staged under this version (any more): nothing to mark.
      }
    }
  }

  private static Map<String, AttributeValue> key(String recordVersion) {
    return Items.key(PK_PREFIX + recordVersion, SK);
  }

  private static AttributeValue encode(OutboundMessage m) {
    return AttributeValue.fromM(
        Map.of(
            "id", s(m.id()),
            "recordVersion", s(m.recordVersion()),
            "detailType", s(m.detailType()),
            "tenantId", s(m.tenantId()),
            "time", n(m.time().getEpochSecond()),
            "detail", s(m.detail())));
  }

  private static OutboundMessage decode(Map<String, AttributeValue> m) {
    return new OutboundMessage(
        m.get("id").s(),
        m.get("recordVersion").s(),
        m.get("detailType").s(),
        m.get("tenantId").s(),
        Instant.ofEpochSecond(Long.parseLong(m.get("time").n())),
        m.get("detail").s());
  }
}
