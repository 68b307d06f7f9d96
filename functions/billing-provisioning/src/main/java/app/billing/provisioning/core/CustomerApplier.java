package app.billing.provisioning.core;

import static app.billing.core.event.HandledEventTypes.CUSTOMER_DELETED;

import app.billing.core.model.EventVersion;
import app.billing.core.model.Outcome;
import app.billing.core.port.VersionedRecords;
import app.billing.provisioning.core.port.StripeEventReads;
import app.billing.provisioning.core.port.TenantDirectory;
import com.stripe.model.Customer;

/**
 * {@code customer.*}: the customer record (email address, delinquency). {@code customer.deleted}
 * also detaches the customer from its tenant's profile, so the next checkout creates a new one; the
 * link and the records keep their history. Sends no email.
 */
final class CustomerApplier {
  private final VersionedRecords store;
  private final StripeEventReads stripe;
  private final TenantDirectory tenants;

  CustomerApplier(VersionedRecords store, StripeEventReads stripe, TenantDirectory tenants) {
    this.store = store;
    this.stripe = stripe;
    this.tenants = tenants;
  }

  Outcome apply(EventRun run, Customer customer, EventVersion version) {
    String tenantId = run.tenantId;
    boolean deleted = CUSTOMER_DELETED.equals(run.envelope.type());
    // A deleted customer cannot be refetched: the event's object is its last state.
    if (deleted) {
      // Only while the profile still names this customer: a newer one stays.
      tenants.detachStripeCustomer(tenantId, customer.getId());
    }
    return VersionedWriter.save(
            customer,
            c -> Projections.customer(tenantId, c, deleted, version),
            store::saveCustomer,
            () -> deleted ? customer : stripe.customer(customer.getId()))
        .outcome();
  }
}
