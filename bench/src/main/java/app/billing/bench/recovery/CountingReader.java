package app.billing.bench.recovery;

import app.billing.provisioning.core.port.StripeAccountReads;
import app.billing.provisioning.core.recovery.RefetchedState;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts Stripe HTTP calls: one per method call, plus one per further page of a list. */
final class CountingReader implements StripeAccountReads {
  private final StripeAccountReads real;
  final AtomicInteger calls = new AtomicInteger();

  CountingReader(StripeAccountReads real) {
    this.real = real;
  }

  private <T> List<T> list(List<T> objects) {
    calls.addAndGet(RefetchedState.pages(objects.size()));
    return objects;
  }

  private <T> T one(T object) {
    calls.incrementAndGet();
    return object;
  }

  @Override
  public List<Subscription> subscriptions(String customerId) {
    return list(real.subscriptions(customerId));
  }

  @Override
  public List<Invoice> invoices(String customerId) {
    return list(real.invoices(customerId));
  }

  @Override
  public List<String> activeEntitlementLookupKeys(String customerId) {
    return list(real.activeEntitlementLookupKeys(customerId));
  }

  @Override
  public Customer customer(String customerId) {
    return one(real.customer(customerId));
  }

  @Override
  public Subscription subscription(String subscriptionId) {
    return one(real.subscription(subscriptionId));
  }

  @Override
  public Invoice invoice(String invoiceId) {
    return one(real.invoice(invoiceId));
  }

  @Override
  public List<Customer> customersOfTenant(String tenantId) {
    return list(real.customersOfTenant(tenantId));
  }

  @Override
  public List<Customer> customersWithTenant() {
    return list(real.customersWithTenant());
  }
}
