package app.billing.dynamodb;

import static app.billing.dynamodb.BillingTable.PK;
import static app.billing.dynamodb.BillingTable.SK;
import static app.billing.dynamodb.Items.instant;
import static app.billing.dynamodb.Items.n;
import static app.billing.dynamodb.Items.s;

import app.billing.core.model.FailedEvent;
import app.billing.core.port.FailedEvents;
import app.billing.dynamodb.Items.Attrs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link FailedEvents} on the billing table: one partition, one item per failed event. */
public final class DynamoFailedEvents implements FailedEvents {
  /**
   * How long a failed event is kept after its last failure: beyond Stripe's 30 days of event
   * retention, after which nothing could be refetched for it anyway.
   */
  public static final Duration FAILED_EVENT_TTL = Duration.ofDays(35);

  private final TableAccess access;
  private final DynamoDbClient client;
  private final String table;

  public DynamoFailedEvents(DynamoDbClient client, String tableName) {
    this.access = new TableAccess(client, tableName);
    this.client = client;
    this.table = tableName;
  }

  @Override
  public void recordFailure(FailedEvent failure) {
    Attrs attrs =
        EventItems.failedEvent(
            failure, failure.lastFailedAt().plus(FAILED_EVENT_TTL).getEpochSecond());
    Expr e = new Expr();
    attrs
        .all()
        .forEach(
            (name, value) -> {
              if (!name.equals(PK) && !name.equals(SK)) {
                e.set(name, value);
              }
            });
    e.setIfAbsent(EventItems.FIRST_FAILED_AT, instant(failure.firstFailedAt()));
    e.add(EventItems.ATTEMPTS, n(1));
    String updateExpression = e.update();
    client.updateItem(
        b ->
            b.tableName(table)
                .key(attrs.key())
                .updateExpression(updateExpression)
                .expressionAttributeNames(e.names())
                .expressionAttributeValues(e.values()));
  }

  @Override
  public void clearFailure(String eventId) {
    client.deleteItem(b -> b.tableName(table).key(failedKey(eventId)));
  }

  @Override
  public List<FailedEvent> failedEvents() {
    Expr e = new Expr();
    String keyCondition = e.name(PK) + " = " + e.value(s(BillingTable.FAILED_PK));
    List<FailedEvent> failed = new ArrayList<>();
    client
        .queryPaginator(
            b ->
                b.tableName(table)
                    .keyConditionExpression(keyCondition)
                    .consistentRead(true)
                    .expressionAttributeNames(e.names())
                    .expressionAttributeValues(e.values()))
        .items()
        .forEach(item -> failed.add(EventItems.failedEvent(item)));
    failed.sort(
        Comparator.comparing(
                FailedEvent::firstFailedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(FailedEvent::eventId));
    return List.copyOf(failed);
  }

  @Override
  public Optional<FailedEvent> failedEvent(String eventId) {
    return Optional.ofNullable(access.get(failedKey(eventId))).map(EventItems::failedEvent);
  }

  private static Map<String, AttributeValue> failedKey(String eventId) {
    return Items.key(BillingTable.FAILED_PK, BillingTable.failedEventSk(eventId));
  }
}
