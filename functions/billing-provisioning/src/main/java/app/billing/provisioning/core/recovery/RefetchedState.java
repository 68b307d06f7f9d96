package app.billing.provisioning.core.recovery;

import app.billing.core.catalog.Catalog;
import app.billing.core.model.EventVersion;
import app.billing.core.model.WriteResult;
import app.billing.core.port.BatchWriter;
import app.billing.core.port.EmailGuards;
import app.billing.core.port.VersionedRecords;
import app.billing.core.provisioning.EmailKeys;
import app.billing.core.recovery.RefetchVersion;
import app.billing.provisioning.core.Projections;
import app.billing.provisioning.core.port.StripeAccountReads;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a tenant's state refetched from Stripe through the versioned writes events use ({@link
 * Projections} and the store's {@code save*}), each object carrying the {@link RefetchVersion} of
 * the request that fetched it. A write refused as {@code STALE} means an event newer than the fetch
 * is already stored and stays; a {@code TIE} (an event of the fetch's second) is settled by
 * fetching the object again and writing that, as provisioning settles ties of two events.
 *
 * <p>Sends no email. With {@link Emails#SETTLE_PAST_WELCOMES} (backfill, link) the welcome of every
 * subscription found active or trialing is marked as sent without sending it, so a later event of a
 * subscription that existed long before the deploy does not welcome its customer; sync on return
 * leaves emails to the events that follow ({@link Emails#LEAVE_TO_EVENTS}).
 */
public final class RefetchedState {
  private static final Logger log = LoggerFactory.getLogger(RefetchedState.class);

  /**
   * Statuses in which a subscription still counts for the tenant (the rest ended or never started).
   */
  private static final Set<String> ENDED = Set.of("canceled", "incomplete_expired");

  private static final Set<String> WELCOMED = Set.of("active", "trialing");

  /** What refetched state does about emails. */
  public enum Emails {
    /** Mark the welcome of subscriptions found active or trialing as sent (they are not new). */
    SETTLE_PAST_WELCOMES,
    /** Leave every email to the events of these objects (they may be new). */
    LEAVE_TO_EVENTS
  }

  /**
   * What a refresh wrote: objects written, and objects left alone because a newer event is stored.
   */
  public record Counts(
      int subscriptions,
      int payments,
      int entitlements,
      int customers,
      int keptNewer,
      int welcomesSettled,
      int stripeCalls) {
    public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0);

    public Counts plus(Counts o) {
      return new Counts(
          subscriptions + o.subscriptions,
          payments + o.payments,
          entitlements + o.entitlements,
          customers + o.customers,
          keptNewer + o.keptNewer,
          welcomesSettled + o.welcomesSettled,
          stripeCalls + o.stripeCalls);
    }

    public int written() {
      return subscriptions + payments + entitlements + customers;
    }
  }

  private final VersionedRecords store;
  private final EmailGuards guards;
  private final BatchWriter batches;
  private final StripeAccountReads stripe;
  private final Catalog catalog;
  private final Clock clock;

  public RefetchedState(
      VersionedRecords store,
      EmailGuards guards,
      BatchWriter batches,
      StripeAccountReads stripe,
      Catalog catalog,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.guards = Objects.requireNonNull(guards, "guards");
    this.batches = Objects.requireNonNull(batches, "batches");
    this.stripe = Objects.requireNonNull(stripe, "stripe");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Everything of the tenant's customers: subscriptions ({@code status=all}), invoices, the active
   * entitlements and the customer of the tenant's current subscription (or of its first customer).
   */
  public Counts everything(String tenantId, List<String> customerIds, Emails emails) {
    if (customerIds.isEmpty()) {
      return Counts.NONE;
    }
    Tally tally = new Tally();
    List<Fetched<Subscription>> subscriptions = new ArrayList<>();
    List<Fetched<Invoice>> invoices = new ArrayList<>();
    for (String customerId : customerIds) {
      subscriptions.addAll(fetch(tally, () -> stripe.subscriptions(customerId)));
      invoices.addAll(fetch(tally, () -> stripe.invoices(customerId)));
    }
    subscriptions.forEach(s -> writeSubscription(tenantId, s, tally));
    Optional<Fetched<Subscription>> current = current(subscriptions);
    for (Fetched<Invoice> invoice : invoices) {
      WriteResult result =
          write(
              invoice,
              (i, v) -> store.savePayment(Projections.invoice(tenantId, i, catalog, v), false),
              (i, v) -> store.savePayment(Projections.invoice(tenantId, i, catalog, v), true),
              i -> stripe.invoice(i.getId()),
              tally);
      tally.count(result, () -> tally.payments++);
    }
    String primary = current.map(s -> s.object().getCustomer()).orElse(customerIds.getFirst());
    writeEntitlements(tenantId, primary, tally);
    writeCustomer(tenantId, primary, tally);
    if (emails == Emails.SETTLE_PAST_WELCOMES) {
      for (Fetched<Subscription> s : subscriptions) {
        if (WELCOMED.contains(s.object().getStatus()) && settleWelcome(s.object().getId())) {
          tally.welcomesSettled++;
        }
      }
    }
    return tally.counts();
  }

  /** The subscriptions of one customer only (sync on return); no email is touched. */
  public Counts subscriptions(String tenantId, String customerId) {
    Tally tally = new Tally();
    fetch(tally, () -> stripe.subscriptions(customerId))
        .forEach(s -> writeSubscription(tenantId, s, tally));
    return tally.counts();
  }

  /**
   * The subscription whose customer is the tenant's primary one (entitlements and customer record
   * are read from it): the newest one that has not ended, else the newest of all.
   */
  static Optional<Fetched<Subscription>> current(List<Fetched<Subscription>> subscriptions) {
    Comparator<Fetched<Subscription>> newest =
        Comparator.comparing((Fetched<Subscription> s) -> nonNull(s.object().getCreated()))
            .thenComparing(s -> s.object().getId());
    return subscriptions.stream()
        .filter(s -> !ENDED.contains(s.object().getStatus()))
        .max(newest)
        .or(() -> subscriptions.stream().max(newest));
  }

  private void writeSubscription(String tenantId, Fetched<Subscription> sub, Tally tally) {
    WriteResult result =
        write(
            sub,
            (s, v) ->
                store.saveSubscription(Projections.subscription(tenantId, s, catalog, v), false),
            (s, v) ->
                store.saveSubscription(Projections.subscription(tenantId, s, catalog, v), true),
            s -> stripe.subscription(s.getId()),
            tally);
    tally.count(result, () -> tally.subscriptions++);
  }

  private void writeEntitlements(String tenantId, String customerId, Tally tally) {
    Fetched<List<String>> keys =
        fetchOne(tally, () -> stripe.activeEntitlementLookupKeys(customerId));
    WriteResult result =
        write(
            keys,
            (k, v) ->
                store.saveEntitlements(Projections.entitlements(tenantId, customerId, k, v), false),
            (k, v) ->
                store.saveEntitlements(Projections.entitlements(tenantId, customerId, k, v), true),
            k -> stripe.activeEntitlementLookupKeys(customerId),
            tally);
    tally.count(result, () -> tally.entitlements++);
  }

  private void writeCustomer(String tenantId, String customerId, Tally tally) {
    Fetched<Customer> customer = fetchOne(tally, () -> stripe.customer(customerId));
    WriteResult result =
        write(
            customer,
            (c, v) -> store.saveCustomer(Projections.customer(tenantId, c, false, v), false),
            (c, v) -> store.saveCustomer(Projections.customer(tenantId, c, false, v), true),
            c -> stripe.customer(customerId),
            tally);
    tally.count(result, () -> tally.customers++);
  }

  /**
   * The versioned write of one refetched object. On a tie the object is fetched again: that fetch
   * starts after the tying event was stored, so its state includes that event; it is written over
   * the tie under the tie's version (a newer event still wins over it).
   */
  private <T> WriteResult write(
      Fetched<T> fetched, Save<T> save, Save<T> overTie, Function<T, T> refetch, Tally tally) {
    WriteResult result = save.apply(fetched.object(), fetched.version());
    if (result != WriteResult.TIE) {
      return result;
    }
    log.info("refetched state ties with an event of the same second; fetching it again");
    tally.stripeCalls++;
    T fresh = refetch.apply(fetched.object());
    overTie.apply(fresh, fetched.version());
    return WriteResult.WRITTEN;
  }

  /** Marks the welcome as sent unless it was (or is being) sent; true when this call marked it. */
  private boolean settleWelcome(String subscriptionId) {
    String key = EmailKeys.welcome(subscriptionId);
    Instant now = clock.instant();
    if (guards.claimEmail(key, now, true) == EmailGuards.EmailClaim.TAKEN) {
      return false;
    }
    batches.writeBatch(List.of(), List.of(new EmailGuards.SentEmail(key, now, true)));
    return true;
  }

  private <T> List<Fetched<T>> fetch(Tally tally, Supplier<List<T>> call) {
    EventVersion version = RefetchVersion.of(clock.instant());
    List<T> objects = call.get();
    tally.stripeCalls += pages(objects.size());
    return objects.stream().map(o -> new Fetched<>(o, version)).toList();
  }

  private <T> Fetched<T> fetchOne(Tally tally, Supplier<T> call) {
    EventVersion version = RefetchVersion.of(clock.instant());
    T object = call.get();
    tally.stripeCalls++;
    return new Fetched<>(object, version);
  }

  /** List calls at 100 objects per page (an empty list still costs one call). */
  public static int pages(int objects) {
    return Math.max(1, (objects + 99) / 100);
  }

  private static long nonNull(Long value) {
    return value == null ? 0 : value;
  }

  /** An object as Stripe returned it, with the version of the request that fetched it. */
  record Fetched<T>(T object, EventVersion version) {}

  @FunctionalInterface
  private interface Save<T> {
    WriteResult apply(T object, EventVersion version);
  }

  private static final class Tally {
    int subscriptions;
    int payments;
    int entitlements;
    int customers;
    int keptNewer;
    int welcomesSettled;
    int stripeCalls;

    void count(WriteResult result, Runnable written) {
      switch (result) {
        case WRITTEN, TIE -> written.run();
        case STALE -> keptNewer++;
        case SAME -> {} // this very state is stored already
      }
    }

    Counts counts() {
      return new Counts(
          subscriptions,
          payments,
          entitlements,
          customers,
          keptNewer,
          welcomesSettled,
          stripeCalls);
    }
  }
}
