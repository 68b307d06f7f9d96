package app.billing.dynamodb;

import static app.billing.dynamodb.BillingTable.EXPIRES_AT;
import static app.billing.dynamodb.BillingTable.PK;
import static app.billing.dynamodb.BillingTable.SK;
import static app.billing.dynamodb.BillingTable.TYPE;
import static app.billing.dynamodb.Items.instant;
import static app.billing.dynamodb.Items.s;
import static app.billing.dynamodb.RecordItems.TENANT_ID;

import app.billing.core.model.ParkedEvent;
import app.billing.core.port.CustomerLinks;
import app.billing.dynamodb.Items.Attrs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link CustomerLinks} on the billing table: the link and the parked events share the customer's
 * partition, so one Query reads both. The operator views are consistent scans filtered by item
 * type; no request path scans.
 */
public final class DynamoCustomerLinks implements CustomerLinks {
  private static final Logger log = LoggerFactory.getLogger(DynamoCustomerLinks.class);

  private final TableAccess access;
  private final DynamoDbClient client;
  private final String table;

  public DynamoCustomerLinks(DynamoDbClient client, String table) {
    this.access = new TableAccess(client, table);
    this.client = client;
    this.table = table;
  }

  @Override
  public CustomerLookup lookup(String customerId) {
    Expr e = new Expr();
    String keyCondition = e.name(PK) + " = " + e.value(s(BillingTable.customerPk(customerId)));
    String tenantId = null;
    List<ParkedEvent> parked = new ArrayList<>();
    // Sort key order: PARKED#<created>#... (oldest first) and then TENANT.
    for (Map<String, AttributeValue> item :
        client
            .queryPaginator(
                b ->
                    b.tableName(table)
                        .keyConditionExpression(keyCondition)
                        .consistentRead(true)
                        .expressionAttributeNames(e.names())
                        .expressionAttributeValues(e.values()))
            .items()) {
      String sk = Items.string(item, SK);
      if (BillingTable.LINK_SK.equals(sk)) {
        tenantId = Items.string(item, TENANT_ID);
      } else if (sk != null && sk.startsWith(BillingTable.PARKED_PREFIX)) {
        parked.add(EventItems.parked(item));
      }
    }
    return new CustomerLookup(Optional.ofNullable(tenantId), List.copyOf(parked));
  }

  @Override
  public Link link(String customerId, String tenantId, Instant now) {
    Attrs link =
        new Attrs(
                BillingTable.customerPk(customerId),
                BillingTable.LINK_SK,
                BillingTable.TYPE_CUSTOMER_LINK)
            .put(RecordItems.CUSTOMER_ID, s(customerId))
            .put(TENANT_ID, s(tenantId))
            .put("linkedAt", instant(now));
    Expr e = new Expr();
    String condition = "attribute_not_exists(" + e.name(PK) + ")";
    try {
      client.putItem(
          b ->
              b.tableName(table)
                  .item(link.item())
                  .conditionExpression(condition)
                  .expressionAttributeNames(e.names()));
      return new Link(tenantId, true);
    } catch (ConditionalCheckFailedException alreadyLinked) {
      Map<String, AttributeValue> stored = access.get(link.key(), TENANT_ID);
      String existing = stored == null ? null : Items.string(stored, TENANT_ID);
      if (existing == null) {
        throw new IllegalStateException(
            "link of customer " + customerId + " refused but no link is stored");
      }
      if (!existing.equals(tenantId)) {
        log.warn(
            "customer {} is already linked to tenant {}; not relinking it to tenant {}",
            customerId,
            existing,
            tenantId);
      }
      return new Link(existing, false);
    }
  }

  @Override
  public void park(ParkedEvent event, Instant now) {
    Attrs attrs = EventItems.parked(event, now);
    client.putItem(b -> b.tableName(table).item(attrs.item()));
  }

  @Override
  public void unpark(ParkedEvent event) {
    Map<String, AttributeValue> key =
        Items.key(
            BillingTable.customerPk(event.customerId()),
            BillingTable.parkedSk(event.created(), event.eventId()));
    client.deleteItem(b -> b.tableName(table).key(key));
  }

  // --- operator views ---

  @Override
  public List<LinkedCustomer> linkedCustomers() {
    List<LinkedCustomer> links = new ArrayList<>();
    for (Map<String, AttributeValue> item : scan(BillingTable.TYPE_CUSTOMER_LINK)) {
      links.add(
          new LinkedCustomer(
              Items.string(item, RecordItems.CUSTOMER_ID),
              Items.string(item, RecordItems.TENANT_ID)));
    }
    links.sort(
        Comparator.comparing(LinkedCustomer::tenantId).thenComparing(LinkedCustomer::customerId));
    return List.copyOf(links);
  }

  @Override
  public List<ParkedListing> parkedEvents() {
    List<ParkedListing> parked = new ArrayList<>();
    for (Map<String, AttributeValue> item : scan(BillingTable.TYPE_PARKED_EVENT)) {
      Instant expiresAt =
          item.containsKey(EXPIRES_AT)
              ? Instant.ofEpochSecond(Items.number(item, EXPIRES_AT))
              : null;
      parked.add(
          new ParkedListing(EventItems.parked(item), Items.instant(item, "parkedAt"), expiresAt));
    }
    parked.sort(
        Comparator.comparingLong((ParkedListing p) -> p.event().created())
            .thenComparing(p -> p.event().eventId()));
    return List.copyOf(parked);
  }

  private Iterable<Map<String, AttributeValue>> scan(String type) {
    Expr e = new Expr();
    String filter = e.name(TYPE) + " = " + e.value(s(type));
    return client
        .scanPaginator(
            b ->
                b.tableName(table)
                    .filterExpression(filter)
                    .consistentRead(true)
                    .expressionAttributeNames(e.names())
                    .expressionAttributeValues(e.values()))
        .items();
  }
}
