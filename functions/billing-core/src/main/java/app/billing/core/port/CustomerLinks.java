package app.billing.core.port;

import app.billing.core.model.ParkedEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which tenant a Stripe customer belongs to, and the events parked while it belonged to none. Links
 * and parking are idempotent side writes, so applying an event again changes nothing.
 */
public interface CustomerLinks {

  /**
   * The tenant a customer is linked to and the events parked while it was not, in one read: every
   * event of a linked customer also replays whatever is still parked.
   */
  CustomerLookup lookup(String customerId);

  record CustomerLookup(Optional<String> tenantId, List<ParkedEvent> parked) {}

  /** Links a Stripe customer to a tenant. Returns the tenant the customer belongs to afterwards. */
  Link link(String customerId, String tenantId, Instant now);

  record Link(String tenantId, boolean created) {}

  void park(ParkedEvent event, Instant now);

  void unpark(ParkedEvent event);

  // --- operator views over the whole table (scans; no request path calls them) ---

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
