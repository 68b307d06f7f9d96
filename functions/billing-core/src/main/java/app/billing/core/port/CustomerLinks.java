package app.billing.core.port;

import app.billing.core.model.ParkedEvent;
import java.time.Instant;
import java.util.List;

/** Operator views over the whole table: every customer link and every parked event (scans). */
public interface CustomerLinks {

  /** Every Stripe customer linked to a tenant. */
  List<LinkedCustomer> linkedCustomers();

  record LinkedCustomer(String customerId, String tenantId) {}

  /** Every parked event, oldest first. */
  List<ParkedListing> parkedEvents();

  /**
   * @param expiresAt when DynamoDB's TTL deletes it; null for items parked before parking had a TTL
   */
  record ParkedListing(ParkedEvent event, Instant parkedAt, Instant expiresAt) {}
}
