package app.billing.dynamodb;

import app.billing.core.model.AuditEntry;
import app.billing.core.port.BatchWriter;
import app.billing.core.port.EmailGuards.SentEmail;
import app.billing.dynamodb.Items.Attrs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** {@link BatchWriter} on the billing table: audit entries and sent-email marks, 25 a request. */
public final class DynamoBatchWriter implements BatchWriter {
  /** BatchWriteItem takes at most 25 items. */
  static final int BATCH_WRITE_LIMIT = 25;

  private static final int BATCH_WRITE_ATTEMPTS = 5;
  private static final BackoffStrategy UNPROCESSED_BACKOFF =
      BackoffStrategy.exponentialDelay(Duration.ofMillis(25), Duration.ofSeconds(1));

  private final DynamoDbClient client;
  private final String table;
  private final Duration auditTtl;
  private final DynamoEmailGuards emailGuards;

  /**
   * @param emailGuards whose guard expiry the sent-email marks get
   */
  public DynamoBatchWriter(
      DynamoDbClient client, String tableName, Duration auditTtl, DynamoEmailGuards emailGuards) {
    this.client = new TableAccess(client, tableName).client;
    this.table = tableName;
    this.auditTtl = DynamoBillingStore.positive(auditTtl, "auditTtl");
    this.emailGuards = emailGuards;
  }

  @Override
  public void writeBatch(List<AuditEntry> auditEntries, List<SentEmail> sentEmails) {
    // One request takes 25 items and refuses two with the same key (an event processed twice in a
    // batch).
    Map<Map<String, AttributeValue>, WriteRequest> byKey = new LinkedHashMap<>();
    for (AuditEntry entry : auditEntries) {
      Instant base =
          entry.processedAt() != null
              ? entry.processedAt()
              : Instant.ofEpochSecond(entry.eventCreated());
      put(byKey, EventItems.audit(entry, base.plus(auditTtl).getEpochSecond()));
    }
    for (SentEmail sent : sentEmails) {
      put(
          byKey,
          EventItems.sentEmail(sent, emailGuards.guardExpiry(sent.sentAt(), sent.forever())));
    }
    List<WriteRequest> writes = new ArrayList<>(byKey.values());
    for (int from = 0; from < writes.size(); from += BATCH_WRITE_LIMIT) {
      batchWrite(writes.subList(from, Math.min(from + BATCH_WRITE_LIMIT, writes.size())));
    }
  }

  private static void put(Map<Map<String, AttributeValue>, WriteRequest> byKey, Attrs attrs) {
    byKey.put(attrs.key(), WriteRequest.builder().putRequest(p -> p.item(attrs.item())).build());
  }

  /** Writes one chunk, resending what DynamoDB left unprocessed (throttling) with backoff. */
  private void batchWrite(List<WriteRequest> chunk) {
    List<WriteRequest> pending = chunk;
    for (int attempt = 1; ; attempt++) {
      List<WriteRequest> toWrite = pending;
      var response = client.batchWriteItem(b -> b.requestItems(Map.of(table, toWrite)));
      pending =
          response.hasUnprocessedItems()
              ? response.unprocessedItems().getOrDefault(table, List.of())
              : List.of();
      if (pending.isEmpty()) {
        return;
      }
      if (attempt == BATCH_WRITE_ATTEMPTS) {
        throw new IllegalStateException(
            pending.size() + " batch writes left unprocessed after " + attempt + " attempts");
      }
      sleep(UNPROCESSED_BACKOFF.computeDelay(attempt));
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the batch", e);
    }
  }
}
