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
import app.billing.provisioning.core.PurchaseEmailRules.AuthorizationFacts;
import app.billing.provisioning.core.PurchaseEmailRules.PurchaseFacts;
import app.billing.provisioning.core.port.StripeEventReads;
import app.billing.provisioning.core.port.StripeEventReads.CheckoutLine;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code checkout.session.*} and, for manual capture, {@code payment_intent.*}: one-time purchases
 * (keyed by the checkout session id), their credits and emails. Whichever event shows a purchase
 * paid first grants its credits and receipt; both are granted once per session.
 */
final class CheckoutApplier {
  private static final Logger log = LoggerFactory.getLogger(CheckoutApplier.class);

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
    String status = status(run.envelope.type(), session, item);
    PaymentRecord purchase = Projections.purchase(tenantId, session, item, status, version);
    PaymentRecord before = run.publishes() ? store.storedPayment(purchase).orElse(null) : null;
    WriteResult result = store.savePayment(purchase, false);
    if (result == WriteResult.TIE) {
      // The session's status decides, so the refetched one is read as completed or not.
      Session fresh = stripe.checkoutSession(session.getId());
      purchase =
          Projections.purchase(
              tenantId, fresh, item, status(CHECKOUT_COMPLETED, fresh, item), version);
      store.savePayment(purchase, true);
    }
    run.recorded(result, before, purchase);
    settle(run, session, null, purchase, bought, result);
    return VersionedWriter.outcomeOf(result);
  }

  /**
   * {@code payment_intent.*} of a manual-capture checkout: the purchase becomes {@code authorized},
   * {@code paid} or {@code canceled}. The session is found by its payment intent; an intent no
   * completed checkout session of ours made (an invoice's, or automatic capture, which the
   * session's own events tell) is ignored.
   */
  Outcome applyIntent(EventRun run, PaymentIntent intent, EventVersion version) {
    String status = Authorizations.purchaseStatus(intent);
    if (!Authorizations.isManual(intent) || status == null) {
      return Outcome.IGNORED;
    }
    Optional<Session> found = stripe.checkoutSessionOfPaymentIntent(intent.getId());
    if (found.isEmpty()
        || !"payment".equals(found.get().getMode())
        || !"complete".equals(found.get().getStatus())) {
      log.info("payment intent of no completed checkout session; ignored");
      return Outcome.IGNORED;
    }
    Session session = found.get();
    Bought bought = bought(session);
    PaymentRecord purchase =
        Projections.purchase(run.tenantId, session, bought.item(), status, version);
    PaymentRecord before = run.publishes() ? store.storedPayment(purchase).orElse(null) : null;
    WriteResult result = store.savePayment(purchase, false);
    if (result == WriteResult.TIE) {
      String now = Authorizations.purchaseStatus(stripe.paymentIntent(intent.getId()));
      purchase =
          Projections.purchase(
              run.tenantId, session, bought.item(), now == null ? status : now, version);
      store.savePayment(purchase, true);
    }
    run.recorded(result, before, purchase);
    settle(run, session, intent, purchase, bought, result);
    return VersionedWriter.outcomeOf(result);
  }

  /**
   * The session's status. A manual-capture session stays {@code unpaid} in Stripe while its card is
   * only authorized, so its payment intent says what it is now: otherwise a completed event newer
   * than the authorization would turn an {@code authorized} purchase back to pending.
   */
  private String status(String eventType, Session session, CatalogEntry item) {
    String status = Projections.purchaseStatus(eventType, session);
    if ("pending".equals(status)
        && item != null
        && "manual".equals(item.captureMethod())
        && session.getPaymentIntent() != null) {
      String byIntent =
          Authorizations.purchaseStatus(stripe.paymentIntent(session.getPaymentIntent()));
      return byIntent == null ? status : byIntent;
    }
    return status;
  }

  /**
   * What the written status calls for: once paid, credits and the receipt (both once per session,
   * even from a stale event: money moved); once authorized, the order-received email unless a newer
   * event moved on; once canceled, its email (from {@code payment_intent.canceled}).
   */
  private void settle(
      EventRun run,
      Session session,
      PaymentIntent intent,
      PaymentRecord purchase,
      Bought bought,
      WriteResult result) {
    CatalogEntry item = bought.item();
    long credits = item == null ? 0 : Math.multiplyExact(item.credits(), bought.quantity());
    if (Authorizations.PAID.equals(purchase.status())) {
      if (credits > 0) {
        this.credits.grantCredits(run.tenantId, session.getId(), credits, clock.instant());
      }
      emails.send(
          PurchaseEmailRules.PURCHASE_RECEIPT,
          new PurchaseFacts(run, session, purchase, bought.quantity(), credits));
      return;
    }
    AuthorizationFacts facts =
        new AuthorizationFacts(
            run,
            session,
            purchase,
            bought.quantity(),
            credits,
            result != WriteResult.STALE,
            intent != null && Authorizations.expired(intent));
    emails.sendAll(PurchaseEmailRules.AUTHORIZATION, facts);
  }

  /** The credits a session grants once paid: the item's credits times the quantity sold. */
  long credits(Session session) {
    Bought bought = bought(session);
    return bought.item() == null
        ? 0
        : Math.multiplyExact(bought.item().credits(), bought.quantity());
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
