package app.billing.core.testing;

import app.billing.core.access.EffectiveSubscription;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * A {@link BillingStore} in memory, following the port's contract:
 *
 * <ul>
 *   <li>versioned saves compare {@link EventVersion#created()}: older is {@link WriteResult#STALE}
 *       (nothing changes); newer is {@link WriteResult#WRITTEN}; the same event again is {@link
 *       WriteResult#SAME} (nothing changes); the same second from another event is {@link
 *       WriteResult#TIE} unless {@code overwriteTie} is set;
 *   <li>a subscription keeps the earliest {@code pastDueSince} while the same subscription stays
 *       {@code past_due}, and has none when it is not past due;
 *   <li>an email key is claimed once: a sent key, or a live claim (younger than the lease), is
 *       {@link EmailClaim#TAKEN}; an expired or released claim can be claimed again;
 *   <li>parked events come back oldest first ({@code created}, then event id);
 *   <li>credits are granted once per order; audit entries are kept per tenant and event (a second
 *       write replaces the first), in the order first written.
 * </ul>
 *
 * <p>Records are keyed like the DynamoDB table: one subscription, customer and entitlements record
 * per tenant; payments per tenant and payment id. Every call is counted so tests can assert the
 * store was not touched.
 */
public final class InMemoryBillingStore implements BillingStore {
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);

  public record CreditGrant(String tenantId, String orderId, long credits, Instant at) {}

  private record PaymentKey(String tenantId, String paymentId) {}

  private final Duration lease;
  private final Map<String, String> links = new HashMap<>();
  private final Map<String, ParkedEvent> parked = new LinkedHashMap<>();
  private final Map<String, Instant> parkedAt = new HashMap<>();

  private record SubscriptionKey(String tenantId, String subscriptionId) {}

  private final Map<SubscriptionKey, SubscriptionRecord> subscriptions = new HashMap<>();
  private final Map<PaymentKey, PaymentRecord> payments = new HashMap<>();
  private final Map<String, CustomerRecord> customers = new HashMap<>();
  private final Map<String, EntitlementsRecord> entitlements = new HashMap<>();
  private final Map<String, String> billingEmails = new HashMap<>();
  private final Map<String, CreditGrant> creditGrants = new LinkedHashMap<>();
  private final Map<String, Long> takenBack = new HashMap<>();
  private final Map<String, Long> debits = new HashMap<>();
  private final Map<String, Instant> sentEmails = new LinkedHashMap<>();
  private final Map<String, Instant> emailClaims = new HashMap<>();
  private final Map<String, AuditEntry> audit = new LinkedHashMap<>();
  private final Map<String, FailedEvent> failed = new LinkedHashMap<>();
  private int calls;
  private int markFailuresLeft;

  public InMemoryBillingStore() {
    this(DEFAULT_LEASE);
  }

  public InMemoryBillingStore(Duration lease) {
    this.lease = Objects.requireNonNull(lease);
  }

  // --- customer to tenant ---

  @Override
  public synchronized CustomerLookup lookup(String customerId) {
    calls++;
    return new CustomerLookup(Optional.ofNullable(links.get(customerId)), parkedFor(customerId));
  }

  @Override
  public synchronized Link link(String customerId, String tenantId, Instant now) {
    calls++;
    String existing = links.putIfAbsent(customerId, tenantId);
    return existing == null ? new Link(tenantId, true) : new Link(existing, false);
  }

  @Override
  public synchronized List<LinkedCustomer> linkedCustomers() {
    calls++;
    return links.entrySet().stream()
        .map(e -> new LinkedCustomer(e.getKey(), e.getValue()))
        .sorted(
            Comparator.comparing(LinkedCustomer::tenantId)
                .thenComparing(LinkedCustomer::customerId))
        .toList();
  }

  /** Parked events expire like the table's: 30 days after parking. */
  @Override
  public synchronized List<ParkedListing> parkedEvents() {
    calls++;
    return parked().stream()
        .map(
            e -> {
              Instant at = parkedAt.get(e.eventId());
              return new ParkedListing(e, at, at.plus(Duration.ofDays(30)));
            })
        .toList();
  }

  // --- versioned records ---

  @Override
  public synchronized WriteResult saveSubscription(
      SubscriptionRecord record, boolean overwriteTie) {
    calls++;
    return save(
        subscriptions,
        new SubscriptionKey(record.tenantId(), Objects.requireNonNull(record.subscriptionId())),
        record,
        SubscriptionRecord::version,
        overwriteTie,
        InMemoryBillingStore::keepEarliestPastDue);
  }

  @Override
  public synchronized WriteResult savePayment(PaymentRecord record, boolean overwriteTie) {
    calls++;
    return save(
        payments,
        new PaymentKey(record.tenantId(), record.paymentId()),
        record,
        PaymentRecord::version,
        overwriteTie,
        (old, fresh) -> fresh);
  }

  @Override
  public synchronized WriteResult saveCustomer(CustomerRecord record, boolean overwriteTie) {
    calls++;
    return save(
        customers,
        record.tenantId(),
        record,
        CustomerRecord::version,
        overwriteTie,
        (old, fresh) -> fresh);
  }

  @Override
  public synchronized WriteResult saveEntitlements(
      EntitlementsRecord record, boolean overwriteTie) {
    calls++;
    return save(
        entitlements,
        record.tenantId(),
        record,
        EntitlementsRecord::version,
        overwriteTie,
        (old, fresh) -> fresh);
  }

  private static <K, R> WriteResult save(
      Map<K, R> table,
      K key,
      R record,
      Function<R, EventVersion> version,
      boolean overwriteTie,
      BinaryOperator<R> merge) {
    R stored = table.get(key);
    if (stored == null) {
      table.put(key, merge.apply(null, record));
      return WriteResult.WRITTEN;
    }
    EventVersion old = version.apply(stored);
    EventVersion fresh = version.apply(record);
    if (fresh.created() < old.created()) {
      return WriteResult.STALE;
    }
    if (fresh.equals(old)) {
      return WriteResult.SAME;
    }
    if (fresh.created() == old.created()
        && !fresh.eventId().equals(old.eventId())
        && !overwriteTie) {
      return WriteResult.TIE;
    }
    table.put(key, merge.apply(stored, record));
    return WriteResult.WRITTEN;
  }

  /** Earliest {@code pastDueSince} while the same subscription stays past due; none otherwise. */
  private static SubscriptionRecord keepEarliestPastDue(
      SubscriptionRecord old, SubscriptionRecord fresh) {
    Instant since = null;
    if (fresh.isPastDue()) {
      since = fresh.pastDueSince();
      if (old != null
          && old.isPastDue()
          && old.subscriptionId().equals(fresh.subscriptionId())
          && old.pastDueSince() != null
          && (since == null || old.pastDueSince().isBefore(since))) {
        since = old.pastDueSince();
      }
    }
    return Objects.equals(since, fresh.pastDueSince()) ? fresh : withPastDueSince(fresh, since);
  }

  private static SubscriptionRecord withPastDueSince(SubscriptionRecord r, Instant since) {
    return new SubscriptionRecord(
        r.tenantId(),
        r.customerId(),
        r.subscriptionId(),
        r.status(),
        r.planKey(),
        r.priceId(),
        r.billingCycle(),
        r.quantity(),
        r.currentPeriodStart(),
        r.currentPeriodEnd(),
        r.trialEnd(),
        r.cancelAtPeriodEnd(),
        r.cancelAt(),
        r.canceledAt(),
        r.endedAt(),
        r.cancellationReason(),
        since,
        r.version());
  }

  @Override
  public synchronized List<SubscriptionRecord> subscriptions(String tenantId) {
    calls++;
    return EffectiveSubscription.newestFirst(
        subscriptions.entrySet().stream()
            .filter(e -> e.getKey().tenantId().equals(tenantId))
            .map(Map.Entry::getValue)
            .toList());
  }

  @Override
  public synchronized Optional<CustomerRecord> customer(String tenantId) {
    calls++;
    return Optional.ofNullable(customers.get(tenantId));
  }

  @Override
  public synchronized Optional<EntitlementsRecord> entitlements(String tenantId) {
    calls++;
    return Optional.ofNullable(entitlements.get(tenantId));
  }

  @Override
  public synchronized List<PaymentRecord> payments(String tenantId) {
    calls++;
    return payments.values().stream()
        .filter(p -> p.tenantId().equals(tenantId))
        .sorted(
            Comparator.comparing(
                    PaymentRecord::created, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(PaymentRecord::paymentId)
                .reversed())
        .toList();
  }

  @Override
  public synchronized Optional<String> tenantBillingEmail(String tenantId) {
    calls++;
    return Optional.ofNullable(billingEmails.get(tenantId));
  }

  // --- credits ---

  @Override
  public synchronized boolean grantCredits(
      String tenantId, String orderId, long credits, Instant now) {
    calls++;
    String key = tenantId + "#" + orderId;
    if (creditGrants.containsKey(key)) {
      return false;
    }
    creditGrants.put(key, new CreditGrant(tenantId, orderId, credits, now));
    return true;
  }

  @Override
  public synchronized long credits(String tenantId) {
    calls++;
    return balance(tenantId);
  }

  private long balance(String tenantId) {
    return creditGrants.values().stream()
            .filter(g -> g.tenantId().equals(tenantId))
            .mapToLong(CreditGrant::credits)
            .sum()
        - debits.getOrDefault(tenantId, 0L);
  }

  @Override
  public synchronized long takeBackCredits(
      String tenantId, String orderId, long totalTakenBack, Instant now) {
    calls++;
    String key = tenantId + "#" + orderId;
    long before = takenBack.getOrDefault(key, 0L);
    if (totalTakenBack <= before) {
      return 0;
    }
    long debit = Math.min(totalTakenBack - before, balance(tenantId));
    takenBack.put(key, totalTakenBack);
    debits.merge(tenantId, debit, Long::sum);
    return debit;
  }

  // --- parked events ---

  @Override
  public synchronized void park(ParkedEvent event, Instant now) {
    calls++;
    parked.putIfAbsent(event.eventId(), event);
    parkedAt.putIfAbsent(event.eventId(), now);
  }

  @Override
  public synchronized void unpark(ParkedEvent event) {
    calls++;
    parked.remove(event.eventId());
    parkedAt.remove(event.eventId());
  }

  private List<ParkedEvent> parkedFor(String customerId) {
    return parked.values().stream()
        .filter(p -> p.customerId().equals(customerId))
        .sorted(Comparator.comparingLong(ParkedEvent::created).thenComparing(ParkedEvent::eventId))
        .toList();
  }

  // --- audit and email guard ---

  @Override
  public synchronized void writeBatch(List<AuditEntry> auditEntries, List<SentEmail> sent) {
    calls++;
    for (AuditEntry entry : auditEntries) {
      audit.put(entry.tenantId() + "#" + entry.eventId(), entry);
    }
    for (SentEmail email : sent) {
      emailClaims.remove(email.emailKey());
      sentEmails.putIfAbsent(email.emailKey(), email.sentAt());
    }
  }

  @Override
  public synchronized EmailClaim claimEmail(String emailKey, Instant now, boolean forever) {
    calls++;
    Instant claimedAt = emailClaims.get(emailKey);
    if (sentEmails.containsKey(emailKey)
        || (claimedAt != null && now.isBefore(claimedAt.plus(lease)))) {
      return EmailClaim.TAKEN;
    }
    emailClaims.put(emailKey, now);
    return EmailClaim.CLAIMED;
  }

  @Override
  public synchronized void releaseEmail(String emailKey) {
    calls++;
    emailClaims.remove(emailKey);
  }

  @Override
  public synchronized void markEmailSent(SentEmail sent) {
    calls++;
    if (markFailuresLeft > 0) {
      markFailuresLeft--;
      throw new IllegalStateException(
          "simulated DynamoDB failure marking " + sent.emailKey() + " sent");
    }
    emailClaims.remove(sent.emailKey());
    sentEmails.putIfAbsent(sent.emailKey(), sent.sentAt());
  }

  // --- failed events ---

  @Override
  public synchronized void recordFailure(FailedEvent f) {
    calls++;
    FailedEvent old = failed.get(f.eventId());
    failed.put(
        f.eventId(),
        old == null
            ? f
            : new FailedEvent(
                f.eventId(),
                f.eventType(),
                f.customerId(),
                f.tenantId(),
                f.stage(),
                f.reason(),
                f.emails(),
                old.firstFailedAt(),
                f.lastFailedAt(),
                old.attempts() + 1,
                f.payload()));
  }

  @Override
  public synchronized void clearFailure(String eventId) {
    calls++;
    failed.remove(eventId);
  }

  @Override
  public synchronized List<FailedEvent> failedEvents() {
    return failed.values().stream()
        .sorted(Comparator.comparing(FailedEvent::firstFailedAt))
        .toList();
  }

  @Override
  public synchronized Optional<FailedEvent> failedEvent(String eventId) {
    return Optional.ofNullable(failed.get(eventId));
  }

  // --- test helpers (not counted as calls) ---

  /** How many port methods have been called. */
  public synchronized int calls() {
    return calls;
  }

  /**
   * The next {@code n} calls of {@link #markEmailSent} throw, as DynamoDB would when unavailable.
   */
  public synchronized void failNextMarks(int n) {
    markFailuresLeft = n;
  }

  public synchronized void setTenantBillingEmail(String tenantId, String email) {
    billingEmails.put(tenantId, email);
  }

  /** The audit entry of an event, if one was written. */
  public synchronized Optional<AuditEntry> auditEntry(String eventId) {
    return audit.values().stream().filter(e -> e.eventId().equals(eventId)).findFirst();
  }

  /** Email keys claimed and neither sent nor released. */
  public synchronized Set<String> claimedEmailKeys() {
    return new HashSet<>(emailClaims.keySet());
  }

  public synchronized Optional<String> linkedTenant(String customerId) {
    return Optional.ofNullable(links.get(customerId));
  }

  /** Every parked event, oldest first. */
  public synchronized List<ParkedEvent> parked() {
    return parked.values().stream()
        .sorted(Comparator.comparingLong(ParkedEvent::created).thenComparing(ParkedEvent::eventId))
        .toList();
  }

  public synchronized List<CreditGrant> creditGrants() {
    return List.copyOf(creditGrants.values());
  }

  public synchronized List<AuditEntry> auditLog() {
    return List.copyOf(audit.values());
  }

  public synchronized Set<String> sentEmailKeys() {
    return new HashSet<>(sentEmails.keySet());
  }
}
