package app.billing.provisioning.core;

import static app.billing.core.event.HandledEventTypes.CHECKOUT_COMPLETED;

import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.model.EventVersion;
import app.billing.core.model.Outcome;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.WriteResult;
import app.billing.core.port.Credits;
import app.billing.core.port.VersionedRecords;
import app.billing.provisioning.core.EmailRules.PurchaseFacts;
import app.billing.provisioning.core.port.StripeEventReads;
import com.stripe.model.checkout.Session;
import java.time.Clock;
import java.util.Optional;

/** {@code checkout.session.*}: one-time purchases, their credits and receipt. */
final class CheckoutApplier {
  private final VersionedRecords store;
  private final Credits credits;
  private final StripeEventReads stripe;
  private final Catalog catalog;
  private final EmailOnce emails;
  private final Clock clock;

  CheckoutApplier(
      VersionedRecords store,
      Credits credits,
      StripeEventReads stripe,
      Catalog catalog,
      EmailOnce emails,
      Clock clock) {
    this.store = store;
    this.credits = credits;
    this.stripe = stripe;
    this.catalog = catalog;
    this.emails = emails;
    this.clock = clock;
  }

  Outcome apply(EventRun run, Session session, EventVersion version) {
    String tenantId = run.tenantId;
    if (!"payment".equals(session.getMode())) {
      // Subscription checkouts only link the customer (done by tenant resolution); the
      // subscription events carry the state.
      return Outcome.APPLIED;
    }
    CatalogEntry item = catalogItem(session).orElse(null);
    String status = Projections.purchaseStatus(run.envelope.type(), session);
    PaymentRecord purchase = Projections.purchase(tenantId, session, item, status, version);
    WriteResult result = store.savePayment(purchase, false);
    if (result == WriteResult.TIE) {
      // The session's status decides, so the refetched one is read as completed or not.
      Session fresh = stripe.checkoutSession(session.getId());
      purchase =
          Projections.purchase(
              tenantId,
              fresh,
              item,
              Projections.purchaseStatus(CHECKOUT_COMPLETED, fresh),
              version);
      store.savePayment(purchase, true);
      status = purchase.status();
    }
    if ("paid".equals(status)) {
      long credits = item == null ? 0 : item.credits();
      if (credits > 0) {
        this.credits.grantCredits(tenantId, session.getId(), credits, clock.instant());
      }
      emails.send(EmailRules.PURCHASE_RECEIPT, new PurchaseFacts(run, session, purchase, credits));
    }
    return VersionedWriter.outcomeOf(result);
  }

  /** Our checkout names the item in metadata; otherwise ask Stripe which price was sold. */
  private Optional<CatalogEntry> catalogItem(Session session) {
    String key = session.getMetadata() == null ? null : session.getMetadata().get("catalog_key");
    if (key != null) {
      return catalog.entry(key);
    }
    return stripe.checkoutPriceIds(session.getId()).stream()
        .map(catalog::byPriceId)
        .flatMap(Optional::stream)
        .map(m -> m.entry())
        .findFirst();
  }
}
