package app.billing.provisioning.core;

import app.billing.core.catalog.Catalog;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.port.VersionedRecords;
import com.stripe.model.Invoice;
import com.stripe.model.InvoiceLineItem;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The plan name an email shows, from the catalog. */
final class PlanNames {
  private final Catalog catalog;
  private final VersionedRecords store;

  PlanNames(Catalog catalog, VersionedRecords store) {
    this.catalog = Objects.requireNonNull(catalog);
    this.store = Objects.requireNonNull(store);
  }

  String of(SubscriptionRecord record) {
    return catalog.entry(record.planKey()).map(CatalogEntry::name).orElse("subscription");
  }

  /**
   * The plan the invoice paid for, from its lines' prices (no read); the subscription records only
   * when no line names a catalog price. False (the template's "none") when neither does.
   */
  Object of(Invoice invoice, String tenantId) {
    if (invoice.getLines() != null && invoice.getLines().getData() != null) {
      for (InvoiceLineItem line : invoice.getLines().getData()) {
        String priceId =
            line.getPricing() == null || line.getPricing().getPriceDetails() == null
                ? null
                : line.getPricing().getPriceDetails().getPrice();
        Optional<CatalogEntry> entry =
            priceId == null ? Optional.empty() : catalog.byPriceId(priceId).map(m -> m.entry());
        if (entry.isPresent()) {
          return entry.get().name();
        }
      }
    }
    String subscriptionId =
        invoice.getParent() == null || invoice.getParent().getSubscriptionDetails() == null
            ? null
            : invoice.getParent().getSubscriptionDetails().getSubscription();
    // The invoice's own subscription if it is stored, else the tenant's newest one.
    List<SubscriptionRecord> stored = store.subscriptions(tenantId);
    return stored.stream()
        .filter(s -> s.subscriptionId().equals(subscriptionId))
        .findFirst()
        .or(() -> stored.stream().findFirst())
        .flatMap(s -> catalog.entry(s.planKey()))
        .<Object>map(CatalogEntry::name)
        .orElse(false);
  }
}
