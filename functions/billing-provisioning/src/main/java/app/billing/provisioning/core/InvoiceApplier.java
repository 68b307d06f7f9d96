package app.billing.provisioning.core;

import app.billing.core.catalog.Catalog;
import app.billing.core.model.EventVersion;
import app.billing.core.model.Outcome;
import app.billing.core.model.WriteResult;
import app.billing.core.port.VersionedRecords;
import app.billing.provisioning.core.EmailRules.InvoiceFacts;
import app.billing.provisioning.core.VersionedWriter.Versioned;
import app.billing.provisioning.core.port.StripeEventReads;
import com.stripe.model.Invoice;

/** {@code invoice.*}: the payment record, receipts and payment requests. */
final class InvoiceApplier {
  private final VersionedRecords store;
  private final StripeEventReads stripe;
  private final Catalog catalog;
  private final PlanNames plans;
  private final EmailOnce emails;

  InvoiceApplier(
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

  Outcome apply(EventRun run, Invoice invoice, EventVersion version) {
    String tenantId = run.tenantId;
    Versioned<Invoice> written =
        VersionedWriter.save(
            invoice,
            i -> Projections.invoice(tenantId, i, catalog, version),
            store::savePayment,
            () -> stripe.invoice(invoice.getId()));
    emails.sendAll(EmailRules.INVOICE_ANY_ORDER, new InvoiceFacts(run, invoice, plans));
    if (written.result() == WriteResult.STALE) {
      return Outcome.STALE;
    }
    emails.sendAll(EmailRules.INVOICE_CURRENT, new InvoiceFacts(run, written.object(), plans));
    return written.outcome();
  }
}
