package app.billing.provisioning.core;

import static app.billing.core.event.HandledEventTypes.CHECKOUT_COMPLETED;

import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.catalog.PriceMatch;
import app.billing.core.model.EventVersion;
import app.billing.core.model.Outcome;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.WriteResult;
import app.billing.core.port.Credits;
import app.billing.core.port.VersionedRecords;
import app.billing.provisioning.core.EmailRules.PurchaseFacts;
import app.billing.provisioning.core.port.StripeEventReads;
import app.billing.provisioning.core.port.StripeEventReads.CheckoutLine;
import com.stripe.model.checkout.Session;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code checkout.session.*}: one-time purchases, their credits and receipt. */
final class CheckoutApplier {
  /** Metadata our checkout writes on one-time sessions. */
  static final String CATALOG_KEY = "catalog_key";

  static final String QUANTITY = "quantity";

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
    Bought bought = bought(session);
    CatalogEntry item = bought.item();
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
      long credits = item == null ? 0 : Math.multiplyExact(item.credits(), bought.quantity());
      if (credits > 0) {
        this.credits.grantCredits(tenantId, session.getId(), credits, clock.instant());
      }
      emails.send(
          EmailRules.PURCHASE_RECEIPT,
          new PurchaseFacts(run, session, purchase, bought.quantity(), credits));
    }
    return VersionedWriter.outcomeOf(result);
  }

  /** The catalog item sold (null when not in the catalog) and how many of it. */
  record Bought(CatalogEntry item, long quantity) {}

  /**
   * Our checkout names the item and quantity in metadata; otherwise (a session created elsewhere,
   * or before the quantity was recorded) the line items say which price was sold and how many.
   */
  private Bought bought(Session session) {
    Map<String, String> metadata = session.getMetadata() == null ? Map.of() : session.getMetadata();
    String key = metadata.get(CATALOG_KEY);
    Optional<Long> quantity = quantity(metadata.get(QUANTITY));
    if (key != null && quantity.isPresent()) {
      return new Bought(catalog.entry(key).orElse(null), quantity.get());
    }
    List<CheckoutLine> lines = stripe.checkoutLines(session.getId());
    CatalogEntry item =
        key != null
            ? catalog.entry(key).orElse(null)
            : lines.stream()
                .map(line -> catalog.byPriceId(line.priceId()))
                .flatMap(Optional::stream)
                .map(PriceMatch::entry)
                .findFirst()
                .orElse(null);
    if (item == null) {
      return new Bought(null, 1);
    }
    long sold =
        lines.stream()
            .filter(
                line ->
                    catalog
                        .byPriceId(line.priceId())
                        .map(m -> m.entry().key().equals(item.key()))
                        .orElse(false))
            .mapToLong(CheckoutLine::quantity)
            .sum();
    return new Bought(item, Math.max(1, sold));
  }

  private static Optional<Long> quantity(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      long n = Long.parseLong(value);
      return n > 0 ? Optional.of(n) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
