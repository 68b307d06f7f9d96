package app.billing.provisioning.core;

import static app.billing.core.event.HandledEventTypes.CUSTOMER_DELETED;

import app.billing.core.model.EventVersion;
import app.billing.core.model.Outcome;
import app.billing.core.port.VersionedRecords;
import app.billing.provisioning.core.port.StripeEventReads;
import com.stripe.model.Customer;

/** {@code customer.*}: the customer record (email address, delinquency). Sends no email. */
final class CustomerApplier {
  private final VersionedRecords store;
  private final StripeEventReads stripe;

  CustomerApplier(VersionedRecords store, StripeEventReads stripe) {
    this.store = store;
    this.stripe = stripe;
  }

  Outcome apply(EventRun run, Customer customer, EventVersion version) {
    String tenantId = run.tenantId;
    boolean deleted = CUSTOMER_DELETED.equals(run.envelope.type());
    // A deleted customer cannot be refetched: the event's object is its last state.
    return VersionedWriter.save(
            customer,
            c -> Projections.customer(tenantId, c, deleted, version),
            store::saveCustomer,
            () -> deleted ? customer : stripe.customer(customer.getId()))
        .outcome();
  }
}
