package app.billing.provisioning.core;

import app.billing.core.catalog.Catalog;
import app.billing.core.model.EventVersion;
import app.billing.core.model.Outcome;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.model.WriteResult;
import app.billing.core.port.VersionedRecords;
import app.billing.core.provisioning.EmailKeys;
import app.billing.provisioning.core.EmailRules.SubscriptionFacts;
import app.billing.provisioning.core.VersionedWriter.Versioned;
import app.billing.provisioning.core.port.StripeEventReads;
import com.stripe.model.Event;
import com.stripe.model.Subscription;

/** {@code customer.subscription.*}: the tenant's subscription record and its emails. */
final class SubscriptionApplier {
  private final VersionedRecords store;
  private final StripeEventReads stripe;
  private final Catalog catalog;
  private final PlanNames plans;
  private final EmailOnce emails;

  SubscriptionApplier(
      VersionedRecords store,
      StripeEventReads stripe,
      Catalog catalog,
      PlanNames plans,
      EmailOnce emails) {
    this.store = store;
    this.stripe = stripe;
    this.catalog = catalog;
    this.plans = plans;
    this.emails = emails;
  }

  Outcome apply(EventRun run, Event event, Subscription sub, EventVersion version) {
    String tenantId = run.tenantId;
    Versioned<Subscription> written =
        VersionedWriter.save(
            run,
            sub,
            s -> Projections.subscription(tenantId, s, catalog, version),
            store::saveSubscription,
            () -> stripe.subscription(sub.getId()),
            () -> store.subscription(tenantId));
    if (written.result() == WriteResult.STALE) {
      welcomeIfStillCurrent(run, event, sub);
      return Outcome.STALE;
    }
    Subscription current = written.object();
    SubscriptionRecord record = Projections.subscription(tenantId, current, catalog, version);
    // Emails are claimed per key, so a redelivery (SAME) only sends what did not go out before.
    emails.sendAll(
        EmailRules.SUBSCRIPTION, new SubscriptionFacts(run, event, current, record, plans));
    return written.outcome();
  }

  /**
   * A stale event of a subscription still welcomes it when the stored, newer state is that same
   * subscription active or trialing: state refetched on the customer's return from Checkout (sync)
   * is newer than the events that follow, and the welcome must not depend on which arrived first.
   * Backfill marks the welcome of subscriptions that predate it as sent, so this never welcomes
   * them.
   */
  private void welcomeIfStillCurrent(EventRun run, Event event, Subscription sub) {
    if (!EmailRules.activeOrTrialing(sub.getStatus())) {
      return;
    }
    if (emails.isSettled(EmailKeys.welcome(sub.getId()))) {
      return;
    }
    store.subscriptions(run.tenantId).stream()
        .filter(stored -> sub.getId().equals(stored.subscriptionId()))
        .findFirst()
        .filter(stored -> EmailRules.activeOrTrialing(stored.status()))
        .ifPresent(
            stored ->
                emails.send(
                    EmailRules.WELCOME, new SubscriptionFacts(run, event, sub, stored, plans)));
  }
}
