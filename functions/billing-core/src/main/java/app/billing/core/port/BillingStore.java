package app.billing.core.port;

import app.billing.core.model.AuditEntry;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.Outcome;
import app.billing.core.model.ParkedEvent;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.model.WriteResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything provisioning persists. Versioned writes ({@code save*}) keep a record only when the
 * event is not older than the one stored, so any delivery order ends in the same state.
 */
public interface BillingStore {

  // --- event ledger: makes redelivery a no-op ---

  /** Claims an event for processing. */
  Claim claim(String eventId, String eventType, Instant now);

  /** Marks a claimed event done; redeliveries then report {@link Claim#DONE}. */
  void finish(String eventId, Outcome outcome, Instant now);

  /** Gives a claim back after a failure so a redelivery can process the event again. */
  void release(String eventId);

  enum Claim {
    /** This caller owns the event now. */
    CLAIMED,
    /** Already processed. */
    DONE,
    /** Another consumer holds a live claim; try again later. */
    BUSY
  }

  // --- customer to tenant ---

  /**
   * The tenant a customer is linked to and the events parked while it was not, in one read: every
   * event of a linked customer also replays whatever is still parked.
   */
  CustomerLookup lookup(String customerId);

  record CustomerLookup(Optional<String> tenantId, List<ParkedEvent> parked) {}

  /** Links a Stripe customer to a tenant. Returns the tenant the customer belongs to afterwards. */
  Link link(String customerId, String tenantId, Instant now);

  record Link(String tenantId, boolean created) {}

  // --- versioned records ---

  /** @param overwriteTie true once a tie has been settled by refetching from Stripe */
  WriteResult saveSubscription(SubscriptionRecord record, boolean overwriteTie);

  WriteResult savePayment(PaymentRecord record, boolean overwriteTie);

  WriteResult saveCustomer(CustomerRecord record, boolean overwriteTie);

  WriteResult saveEntitlements(EntitlementsRecord record, boolean overwriteTie);

  Optional<SubscriptionRecord> subscription(String tenantId);

  Optional<CustomerRecord> customer(String tenantId);

  Optional<EntitlementsRecord> entitlements(String tenantId);

  /** Payments newest first. */
  List<PaymentRecord> payments(String tenantId);

  /** The billing email the tenant was created with (admin), if any. */
  Optional<String> tenantBillingEmail(String tenantId);

  // --- credits ---

  /** Adds credits for one order exactly once. Returns false if that order was already granted. */
  boolean grantCredits(String tenantId, String orderId, long credits, Instant now);

  long credits(String tenantId);

  // --- parked events ---

  void park(ParkedEvent event, Instant now);

  void unpark(ParkedEvent event);

  // --- audit and email guard ---

  void audit(AuditEntry entry);

  boolean emailSent(String emailKey);

  /**
   * @param forever the guard must outlive Stripe's redelivery window (e.g. one welcome per
   *     subscription); otherwise it may expire once redelivery is no longer possible
   */
  void markEmailSent(String emailKey, Instant now, boolean forever);
}
