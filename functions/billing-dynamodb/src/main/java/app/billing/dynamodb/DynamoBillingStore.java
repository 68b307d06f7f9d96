package app.billing.dynamodb;

import app.billing.core.model.AuditEntry;
import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.FailedEvent;
import app.billing.core.model.ParkedEvent;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.model.WriteResult;
import app.billing.core.port.BillingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link BillingStore} on the single billing table ({@link BillingTable}), for wiring: each port is
 * its own adapter ({@link DynamoCustomerLinks}, {@link DynamoVersionedRecords}, {@link
 * DynamoCredits}, {@link DynamoEmailGuards}, {@link DynamoBatchWriter}, {@link DynamoFailedEvents})
 * on the same client and table; this class only forwards to them.
 */
public final class DynamoBillingStore implements BillingStore {

  /** How long a claimed email may take to send before another consumer may claim it again. */
  public static final Duration DEFAULT_EMAIL_CLAIM_LEASE = Duration.ofMinutes(2);

  public static final Duration DEFAULT_AUDIT_TTL = Duration.ofDays(90);

  /** Longer than Stripe's 30 days of event redelivery. */
  public static final Duration DEFAULT_EMAIL_GUARD_TTL = Duration.ofDays(35);

  private final DynamoCustomerLinks links;
  private final DynamoVersionedRecords records;
  private final DynamoCredits credits;
  private final DynamoEmailGuards emails;
  private final DynamoBatchWriter batches;
  private final DynamoFailedEvents failures;

  /** Email claim lease 2 min, audit TTL 90 days, email guard TTL 35 days. */
  public DynamoBillingStore(DynamoDbClient client, String tableName) {
    this(client, tableName, DEFAULT_EMAIL_CLAIM_LEASE, DEFAULT_AUDIT_TTL);
  }

  /** Email guard TTL 35 days. */
  public DynamoBillingStore(
      DynamoDbClient client, String tableName, Duration emailClaimLease, Duration auditTtl) {
    this(client, tableName, emailClaimLease, auditTtl, DEFAULT_EMAIL_GUARD_TTL);
  }

  /**
   * @param emailGuardTtl how long a sent-email marker is kept; null keeps it forever
   */
  public DynamoBillingStore(
      DynamoDbClient client,
      String tableName,
      Duration emailClaimLease,
      Duration auditTtl,
      Duration emailGuardTtl) {
    this.links = new DynamoCustomerLinks(client, tableName);
    this.records = new DynamoVersionedRecords(client, tableName);
    this.credits = new DynamoCredits(client, tableName);
    this.emails = new DynamoEmailGuards(client, tableName, emailClaimLease, emailGuardTtl);
    this.batches = new DynamoBatchWriter(client, tableName, auditTtl, emails);
    this.failures = new DynamoFailedEvents(client, tableName);
  }

  static Duration positive(Duration duration, String name) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + duration);
    }
    return duration;
  }

  // --- CustomerLinks ---

  @Override
  public CustomerLookup lookup(String customerId) {
    return links.lookup(customerId);
  }

  @Override
  public Link link(String customerId, String tenantId, Instant now) {
    return links.link(customerId, tenantId, now);
  }

  @Override
  public void park(ParkedEvent event, Instant now) {
    links.park(event, now);
  }

  @Override
  public void unpark(ParkedEvent event) {
    links.unpark(event);
  }

  @Override
  public List<LinkedCustomer> linkedCustomers() {
    return links.linkedCustomers();
  }

  @Override
  public List<ParkedListing> parkedEvents() {
    return links.parkedEvents();
  }

  // --- VersionedRecords ---

  @Override
  public WriteResult saveSubscription(SubscriptionRecord record, boolean overwriteTie) {
    return records.saveSubscription(record, overwriteTie);
  }

  @Override
  public WriteResult savePayment(PaymentRecord record, boolean overwriteTie) {
    return records.savePayment(record, overwriteTie);
  }

  @Override
  public WriteResult saveCustomer(CustomerRecord record, boolean overwriteTie) {
    return records.saveCustomer(record, overwriteTie);
  }

  @Override
  public WriteResult saveEntitlements(EntitlementsRecord record, boolean overwriteTie) {
    return records.saveEntitlements(record, overwriteTie);
  }

  @Override
  public List<SubscriptionRecord> subscriptions(String tenantId) {
    return records.subscriptions(tenantId);
  }

  @Override
  public Optional<CustomerRecord> customer(String tenantId) {
    return records.customer(tenantId);
  }

  @Override
  public Optional<EntitlementsRecord> entitlements(String tenantId) {
    return records.entitlements(tenantId);
  }

  @Override
  public Optional<PaymentRecord> storedPayment(PaymentRecord payment) {
    return records.storedPayment(payment);
  }

  @Override
  public List<PaymentRecord> payments(String tenantId) {
    return records.payments(tenantId);
  }

  @Override
  public Optional<String> tenantBillingEmail(String tenantId) {
    return records.tenantBillingEmail(tenantId);
  }

  // --- Credits ---

  @Override
  public boolean grantCredits(String tenantId, String orderId, long credits, Instant now) {
    return this.credits.grantCredits(tenantId, orderId, credits, now);
  }

  @Override
  public long credits(String tenantId) {
    return credits.credits(tenantId);
  }

  @Override
  public long takeBackCredits(String tenantId, String orderId, long totalTakenBack, Instant now) {
    return credits.takeBackCredits(tenantId, orderId, totalTakenBack, now);
  }

  // --- EmailGuards and BatchWriter ---

  @Override
  public EmailClaim claimEmail(String emailKey, Instant now, boolean forever) {
    return emails.claimEmail(emailKey, now, forever);
  }

  @Override
  public void releaseEmail(String emailKey) {
    emails.releaseEmail(emailKey);
  }

  @Override
  public void markEmailSent(SentEmail sent) {
    emails.markEmailSent(sent);
  }

  @Override
  public void writeBatch(List<AuditEntry> auditEntries, List<SentEmail> sentEmails) {
    batches.writeBatch(auditEntries, sentEmails);
  }

  // --- FailedEvents ---

  @Override
  public void recordFailure(FailedEvent failure) {
    failures.recordFailure(failure);
  }

  @Override
  public void clearFailure(String eventId) {
    failures.clearFailure(eventId);
  }

  @Override
  public List<FailedEvent> failedEvents() {
    return failures.failedEvents();
  }

  @Override
  public Optional<FailedEvent> failedEvent(String eventId) {
    return failures.failedEvent(eventId);
  }
}
