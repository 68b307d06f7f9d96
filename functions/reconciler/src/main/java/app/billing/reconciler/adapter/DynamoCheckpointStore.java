package app.billing.reconciler.adapter;

import app.billing.core.reconcile.CheckpointStore;
import app.billing.core.reconcile.ReconcilerCheckpoint;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.Items;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The reconciler's checkpoint as one item of the billing table, {@code pk =
 * RECONCILER#stripe-events, sk = CHECKPOINT}: a strongly consistent GetItem at the start of a run,
 * a PutItem after each enqueued slice. One reconciler runs at a time (its schedule's rate is longer
 * than its timeout), so the item needs no condition; a second run at once would only read the same
 * pages again, which is harmless.
 */
public final class DynamoCheckpointStore implements CheckpointStore {
  public static final String PK = "RECONCILER#stripe-events";
  public static final String SK = "CHECKPOINT";
  public static final String TYPE_CHECKPOINT = "RECONCILER_CHECKPOINT";
  static final String WATERMARK = "watermark";
  static final String UPDATED_AT = "updatedAt";

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  public DynamoCheckpointStore(DynamoDbClient dynamo, String table, Clock clock) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<ReconcilerCheckpoint> load() {
    Map<String, AttributeValue> item =
        dynamo.getItem(r -> r.tableName(table).key(Items.key(PK, SK)).consistentRead(true)).item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ReconcilerCheckpoint(Items.number(item, WATERMARK)));
  }

  @Override
  public void save(ReconcilerCheckpoint checkpoint) {
    Map<String, AttributeValue> item = new HashMap<>(Items.key(PK, SK));
    item.put(BillingTable.TYPE, Items.s(TYPE_CHECKPOINT));
    item.put(WATERMARK, Items.n(checkpoint.watermark()));
    item.put(UPDATED_AT, Items.instant(clock.instant()));
    dynamo.putItem(r -> r.tableName(table).item(item));
  }
}
