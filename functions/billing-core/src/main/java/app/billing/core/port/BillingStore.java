package app.billing.core.port;

import app.billing.core.model.AuditEntry;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.FailedEvent;
import app.billing.core.model.ParkedEvent;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.model.WriteResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything provisioning persists. Versioned writes ({@code save*}) keep a record only when the
 * event is newer than the one stored, so any delivery order ends in the same state, and report
 * {@link WriteResult#SAME} when the stored record already reflects the event, so a redelivery
 * changes nothing. Together with idempotent side writes (links, parking, credits per order) and
 * claimed email guards this makes every event safe to apply again, without a per-event ledger round
 * trip.
 */
public interface BillingStore {

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

  /**
   * @param overwriteTie true once a tie has been settled by refetching from Stripe
   */
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

  /**
   * Writes what a batch of events left to its end, many items per request: audit entries (keyed by
   * tenant and event, so writing one again after a retry replaces it) and the marks of sent emails
   * that could not be written right after sending ({@link #markEmailSent} failed).
   */
  void writeBatch(List<AuditEntry> auditEntries, List<SentEmail> sentEmails);

  /** SES accepted the email behind {@code emailKey}; see {@link #claimEmail}. */
  record SentEmail(String emailKey, Instant sentAt, boolean forever) {}

  /**
   * Claims the right to send the email behind {@code emailKey}: granted when it was never sent and
   * no other sender holds a live claim. The claimant sends, then marks it sent ({@link
   * #markEmailSent}, right after SES accepted it) or, when sending failed, calls {@link
   * #releaseEmail}. The claim's lease must be shorter than the queue's visibility timeout, so the
   * redelivery after a crash can claim it again.
   *
   * @param forever the guard must outlive Stripe's redelivery window (e.g. one welcome per
   *     subscription); otherwise it may expire once redelivery is no longer possible
   */
  EmailClaim claimEmail(String emailKey, Instant now, boolean forever);

  enum EmailClaim {
    /** This caller sends the email. */
    CLAIMED,
    /** Sent already, or another sender is sending it right now. */
    TAKEN
  }

  /** Gives a claim back after a failed send, so a retry can claim it again. */
  void releaseEmail(String emailKey);

  /**
   * Turns this sender's claim into "sent", right after SES accepted the email: from then on no
   * redelivery sends it again, even after the claim's lease would have run out. One write per
   * email.
   */
  void markEmailSent(SentEmail sent);

  // --- failed events ---

  /**
   * Records that {@code failure.eventId()} failed for good: the first failure time is kept, the
   * last one, reason, stage and payload are replaced, attempts grow by one. Failed events expire
   * (TTL) after Stripe's 30 days of event retention.
   */
  void recordFailure(FailedEvent failure);

  /** The event was applied after all (a retry): it is no longer failed. */
  void clearFailure(String eventId);
}
