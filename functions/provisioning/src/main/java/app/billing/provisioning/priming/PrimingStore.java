package app.billing.provisioning.priming;

import app.billing.core.model.AuditEntry;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.FailedEvent;
import app.billing.core.model.ParkedEvent;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.model.WriteResult;
import app.billing.core.port.BillingStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A store that accepts everything and keeps nothing: the canned events apply as if first seen. */
final class PrimingStore implements BillingStore {
  static final String TENANT = "tnt_priming";

  @Override
  public CustomerLookup lookup(String customerId) {
    return new CustomerLookup(Optional.of(TENANT), List.of());
  }

  @Override
  public Link link(String customerId, String tenantId, Instant now) {
    return new Link(tenantId, true);
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
  public List<SubscriptionRecord> subscriptions(String tenantId) {
    return List.of();
  }

  @Override
  public Optional<CustomerRecord> customer(String tenantId) {
    // Emails find their recipient here, so priming never asks Stripe for the customer.
    return Optional.of(
        new CustomerRecord(
            tenantId,
            "cus_priming",
            "priming@example.invalid",
            "Priming",
            false,
            false,
            new app.billing.core.model.EventVersion(1, "evt_priming")));
  }

  @Override
  public Optional<EntitlementsRecord> entitlements(String tenantId) {
    return Optional.empty();
  }

  @Override
  public List<PaymentRecord> payments(String tenantId) {
    return List.of();
  }

  @Override
  public Optional<String> tenantBillingEmail(String tenantId) {
    return Optional.of("priming@example.invalid");
  }

  @Override
  public boolean grantCredits(String tenantId, String orderId, long credits, Instant now) {
    return true;
  }

  @Override
  public long credits(String tenantId) {
    return 0;
  }

  @Override
  public long takeBackCredits(String tenantId, String orderId, long totalTakenBack, Instant now) {
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
    return EmailClaim.CLAIMED;
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
