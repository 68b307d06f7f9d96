package app.billing.bench.jmh;

import app.billing.core.model.AuditEntry;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.EventVersion;
import app.billing.core.model.FailedEvent;
import app.billing.core.model.ParkedEvent;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.model.WriteResult;
import app.billing.core.port.BillingStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link BillingStore} that answers in constant time with the common case of a steady-state
 * event: the event is new, the customer is linked to a tenant with nothing parked, every versioned
 * write goes through, and email guards say "already sent" (or "not yet", to include composing the
 * email) — so a benchmark measures provisioning's own CPU work per event, not a store.
 */
final class StubBillingStore implements BillingStore {
  private final String tenantId;
  private final boolean emailsAlreadySent;
  private final CustomerRecord customer;

  StubBillingStore(String tenantId, String customerId, boolean emailsAlreadySent) {
    this.tenantId = tenantId;
    this.emailsAlreadySent = emailsAlreadySent;
    this.customer =
        new CustomerRecord(
            tenantId,
            customerId,
            "jane@example.com",
            "Jane Doe",
            false,
            false,
            new EventVersion(1, "evt_stub"));
  }

  @Override
  public CustomerLookup lookup(String customerId) {
    return new CustomerLookup(Optional.of(tenantId), List.of());
  }

  @Override
  public Link link(String customerId, String tenant, Instant now) {
    return new Link(tenantId, false);
  }

  @Override
  public WriteResult saveSubscription(SubscriptionRecord record, boolean overwriteTie) {
    return WriteResult.WRITTEN;
  }

  @Override
  public WriteResult savePayment(PaymentRecord record, boolean overwriteTie) {
    return WriteResult.WRITTEN;
  }

  @Override
  public WriteResult saveCustomer(CustomerRecord record, boolean overwriteTie) {
    return WriteResult.WRITTEN;
  }

  @Override
  public WriteResult saveEntitlements(EntitlementsRecord record, boolean overwriteTie) {
    return WriteResult.WRITTEN;
  }

  @Override
  public List<SubscriptionRecord> subscriptions(String tenant) {
    return List.of();
  }

  @Override
  public Optional<CustomerRecord> customer(String tenant) {
    return Optional.of(customer);
  }

  @Override
  public Optional<EntitlementsRecord> entitlements(String tenant) {
    return Optional.empty();
  }

  @Override
  public List<PaymentRecord> payments(String tenant) {
    return List.of();
  }

  @Override
  public Optional<String> tenantBillingEmail(String tenant) {
    return Optional.empty();
  }

  @Override
  public boolean grantCredits(String tenant, String orderId, long credits, Instant now) {
    return true;
  }

  @Override
  public long credits(String tenant) {
    return 0;
  }

  @Override
  public long takeBackCredits(String tenant, String orderId, long totalTakenBack, Instant now) {
    return 0;
  }

  @Override
  public void park(ParkedEvent event, Instant now) {}

  @Override
  public void unpark(ParkedEvent event) {}

  @Override
  public void writeBatch(List<AuditEntry> auditEntries, List<SentEmail> sentEmails) {}

  @Override
  public EmailClaim claimEmail(String emailKey, Instant now, boolean forever) {
    return emailsAlreadySent ? EmailClaim.TAKEN : EmailClaim.CLAIMED;
  }

  @Override
  public void releaseEmail(String emailKey) {}

  @Override
  public void markEmailSent(SentEmail sent) {}

  @Override
  public void recordFailure(FailedEvent failure) {}

  @Override
  public void clearFailure(String eventId) {}

  @Override
  public List<LinkedCustomer> linkedCustomers() {
    return List.of();
  }

  @Override
  public List<ParkedListing> parkedEvents() {
    return List.of();
  }

  @Override
  public List<FailedEvent> failedEvents() {
    return List.of();
  }

  @Override
  public Optional<FailedEvent> failedEvent(String eventId) {
    return Optional.empty();
  }
}
