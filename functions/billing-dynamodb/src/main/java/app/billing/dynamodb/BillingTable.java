package app.billing.dynamodb;

import app.billing.core.config.ConfigReader;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The single billing table: string keys {@code pk}/{@code sk}, on-demand capacity, TTL on {@code
 * expiresAt} (epoch seconds). Key layout:
 *
 * <pre>
 * TENANT#&lt;tenantId&gt;   PROFILE | CUSTOMER | ENTITLEMENTS | CREDITS
 *                       SUBSCRIPTION#&lt;subscriptionId&gt;  (one per subscription)
 *                       PAYMENT#&lt;created:12&gt;#&lt;paymentId&gt;  |  EVENT#&lt;eventCreated:12&gt;#&lt;eventId&gt; (audit, TTL)
 * CUSTOMER#&lt;cus&gt;        TENANT (link)  |  PARKED#&lt;created:12&gt;#&lt;eventId&gt;
 * EMAIL#&lt;emailKey&gt;      SENT (claimed, then sent; TTL unless kept for good)
 * FAILED                EVENT#&lt;eventId&gt; (failed for good, with its payload; TTL)
 * </pre>
 *
 * <p>Subscriptions are read with one Query ({@code begins_with(sk, "SUBSCRIPTION")}), which also
 * returns a {@code SUBSCRIPTION} item written before subscriptions had their own items: it is read
 * as one more subscription, and the newer of it and a {@code SUBSCRIPTION#<id>} item of the same
 * subscription wins, so a deployed table keeps working without a migration.
 *
 * <p>Failed events share one partition so {@code admin failed list} is one Query: they are rare (a
 * permanent failure each), far below a partition's throughput.
 *
 * <p>No secondary index yet. A future admin view "tenant by Stripe subscription/invoice id" or "all
 * past-due tenants" would need a GSI (e.g. {@code gsi1pk = STATUS#past_due}); everything the
 * functions do today is a key lookup or a Query on one partition.
 */
public final class BillingTable {
  private static final Logger log = LoggerFactory.getLogger(BillingTable.class);

  /** Environment variable holding the table name. */
  public static final String TABLE_NAME_ENV = "BILLING_TABLE";

  public static final String PK = "pk";
  public static final String SK = "sk";

  /** TTL attribute, epoch seconds (Number). */
  public static final String EXPIRES_AT = "expiresAt";

  /** Names the item kind on every item; values are the {@code TYPE_*} constants. */
  public static final String TYPE = "type";

  // partition key prefixes
  public static final String TENANT_PREFIX = "TENANT#";
  public static final String CUSTOMER_PREFIX = "CUSTOMER#";
  public static final String EMAIL_PREFIX = "EMAIL#";
  public static final String FAILED_PK = "FAILED";

  // sort keys and sort key prefixes
  public static final String PROFILE_SK = "PROFILE";

  /** Sort key of the one subscription item of tables written before there was one per id. */
  public static final String LEGACY_SUBSCRIPTION_SK = "SUBSCRIPTION";

  public static final String SUBSCRIPTION_PREFIX = "SUBSCRIPTION#";
  public static final String CUSTOMER_SK = "CUSTOMER";
  public static final String ENTITLEMENTS_SK = "ENTITLEMENTS";
  public static final String CREDITS_SK = "CREDITS";
  public static final String PAYMENT_PREFIX = "PAYMENT#";
  public static final String AUDIT_PREFIX = "EVENT#";
  public static final String LINK_SK = "TENANT";
  public static final String PARKED_PREFIX = "PARKED#";
  public static final String EMAIL_SENT_SK = "SENT";
  public static final String FAILED_EVENT_PREFIX = "EVENT#";

  // item kinds (the "type" attribute)
  public static final String TYPE_PROFILE = "PROFILE";
  public static final String TYPE_SUBSCRIPTION = "SUBSCRIPTION";
  public static final String TYPE_PAYMENT = "PAYMENT";
  public static final String TYPE_CUSTOMER = "CUSTOMER";
  public static final String TYPE_ENTITLEMENTS = "ENTITLEMENTS";
  public static final String TYPE_CREDITS = "CREDITS";
  public static final String TYPE_AUDIT = "AUDIT";
  public static final String TYPE_CUSTOMER_LINK = "CUSTOMER_LINK";
  public static final String TYPE_PARKED_EVENT = "PARKED_EVENT";
  public static final String TYPE_EMAIL_GUARD = "EMAIL_GUARD";
  public static final String TYPE_FAILED_EVENT = "FAILED_EVENT";

  private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(2);
  private static final long POLL_MILLIS = 250;

  private BillingTable() {}

  /**
   * The table name from {@value #TABLE_NAME_ENV}; a missing value is reported by {@link
   * ConfigReader#validate()}.
   */
  public static String tableName(ConfigReader env) {
    return env.required(TABLE_NAME_ENV);
  }

  public static String tenantPk(String tenantId) {
    return TENANT_PREFIX + tenantId;
  }

  public static String customerPk(String customerId) {
    return CUSTOMER_PREFIX + customerId;
  }

  public static String emailPk(String emailKey) {
    return EMAIL_PREFIX + emailKey;
  }

  public static String subscriptionSk(String subscriptionId) {
    if (subscriptionId == null || subscriptionId.isEmpty()) {
      throw new IllegalArgumentException("a subscription item needs its subscription id");
    }
    return SUBSCRIPTION_PREFIX + subscriptionId;
  }

  public static String paymentSk(long createdEpochSeconds, String paymentId) {
    return PAYMENT_PREFIX + epoch12(createdEpochSeconds) + "#" + paymentId;
  }

  public static String auditSk(long eventCreated, String eventId) {
    return AUDIT_PREFIX + epoch12(eventCreated) + "#" + eventId;
  }

  public static String failedEventSk(String eventId) {
    return FAILED_EVENT_PREFIX + eventId;
  }

  public static String parkedSk(long created, String eventId) {
    return PARKED_PREFIX + epoch12(created) + "#" + eventId;
  }

  /**
   * Epoch seconds zero-padded to 12 digits, so string order is time order (until the year 33658).
   */
  public static String epoch12(long epochSeconds) {
    if (epochSeconds < 0) {
      throw new IllegalArgumentException("negative epoch seconds: " + epochSeconds);
    }
    return String.format(Locale.ROOT, "%012d", epochSeconds);
  }

  /** The table definition (without TTL, which DynamoDB sets with a separate call). */
  public static CreateTableRequest createTableRequest(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            AttributeDefinition.builder()
                .attributeName(PK)
                .attributeType(ScalarAttributeType.S)
                .build(),
            AttributeDefinition.builder()
                .attributeName(SK)
                .attributeType(ScalarAttributeType.S)
                .build())
        .keySchema(
            KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
        .build();
  }

  /**
   * Creates the table unless it exists, waits until it is ACTIVE and enables TTL on {@value
   * #EXPIRES_AT} where the engine supports it (dynalite does not). For tests and the local stack;
   * deployed tables come from the infrastructure templates.
   */
  public static void createIfMissing(DynamoDbClient client, String tableName) {
    if (status(client, tableName) == null) {
      try {
        client.createTable(createTableRequest(tableName));
        log.info("created table {}", tableName);
      } catch (ResourceInUseException createdMeanwhile) {
        // another process created it first
      }
    }
    awaitActive(client, tableName);
    enableTtl(client, tableName);
  }

  private static TableStatus status(DynamoDbClient client, String tableName) {
    try {
      return client.describeTable(b -> b.tableName(tableName)).table().tableStatus();
    } catch (ResourceNotFoundException e) {
      return null;
    }
  }

  private static void awaitActive(DynamoDbClient client, String tableName) {
    long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
    while (status(client, tableName) != TableStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "table " + tableName + " not ACTIVE after " + ACTIVE_TIMEOUT);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for table " + tableName, e);
      }
    }
  }

  private static void enableTtl(DynamoDbClient client, String tableName) {
    try {
      TimeToLiveStatus ttl =
          client
              .describeTimeToLive(b -> b.tableName(tableName))
              .timeToLiveDescription()
              .timeToLiveStatus();
      if (ttl == TimeToLiveStatus.ENABLED || ttl == TimeToLiveStatus.ENABLING) {
        return;
      }
      client.updateTimeToLive(
          b ->
              b.tableName(tableName)
                  .timeToLiveSpecification(t -> t.attributeName(EXPIRES_AT).enabled(true)));
    } catch (DynamoDbException e) {
      if (e.awsErrorDetails() != null
          && "UnknownOperationException".equals(e.awsErrorDetails().errorCode())) {
        log.info("engine does not support TTL; items on {} will not expire", tableName);
        return;
      }
      throw e;
    }
  }
}
