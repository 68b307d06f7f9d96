package app.billing.dynamodb;

import static app.billing.dynamodb.BillingTable.EXPIRES_AT;
import static app.billing.dynamodb.BillingTable.TYPE;
import static app.billing.dynamodb.Items.s;

import app.billing.core.port.CustomerLinks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link CustomerLinks} on the billing table: consistent scans filtered by item type. For operator
 * commands only; no request path scans.
 */
public final class DynamoCustomerLinks implements CustomerLinks {
  private final DynamoDbClient client;
  private final String table;

  public DynamoCustomerLinks(DynamoDbClient client, String table) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
  }

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
          new ParkedListing(RecordItems.parked(item), Items.instant(item, "parkedAt"), expiresAt));
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
