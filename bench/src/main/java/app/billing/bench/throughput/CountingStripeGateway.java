package app.billing.bench.throughput;

import app.billing.provisioning.core.port.StripeEventReads;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import java.util.List;

/**
 * Counts every Stripe API call provisioning makes, by event (see {@link CallCounter}) and method.
 */
final class CountingStripeGateway implements StripeEventReads {
  private final StripeEventReads delegate;
  private final CallCounter counter;

  CountingStripeGateway(StripeEventReads delegate, CallCounter counter) {
    this.delegate = delegate;
    this.counter = counter;
  }

  @Override
  public Subscription subscription(String id) {
    counter.count("subscriptions.retrieve");
    return delegate.subscription(id);
  }

  @Override
  public Invoice invoice(String id) {
    counter.count("invoices.retrieve");
    return delegate.invoice(id);
  }

  @Override
  public Customer customer(String id) {
    counter.count("customers.retrieve");
    return delegate.customer(id);
  }

  @Override
  public Session checkoutSession(String id) {
    counter.count("checkout.sessions.retrieve");
    return delegate.checkoutSession(id);
  }

  @Override
  public List<CheckoutLine> checkoutLines(String sessionId) {
    counter.count("checkout.sessions.lineItems.list");
    return delegate.checkoutLines(sessionId);
  }

  @Override
  public List<String> activeEntitlementLookupKeys(String customerId) {
    counter.count("entitlements.activeEntitlements.list");
    return delegate.activeEntitlementLookupKeys(customerId);
  }
}
