package app.billing.bench.throughput;

import app.billing.provisioning.core.port.StripeEventReads;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Dispute;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import java.util.List;
import java.util.Optional;

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

  @Override
  public PaymentIntent paymentIntent(String id) {
    counter.count("paymentIntents.retrieve");
    return delegate.paymentIntent(id);
  }

  @Override
  public Charge charge(String id) {
    counter.count("charges.retrieve");
    return delegate.charge(id);
  }

  @Override
  public Refund refund(String id) {
    counter.count("refunds.retrieve");
    return delegate.refund(id);
  }

  @Override
  public Dispute dispute(String id) {
    counter.count("disputes.retrieve");
    return delegate.dispute(id);
  }

  @Override
  public Optional<Session> checkoutSessionOfPaymentIntent(String paymentIntentId) {
    counter.count("checkout.sessions.list");
    return delegate.checkoutSessionOfPaymentIntent(paymentIntentId);
  }

  @Override
  public Optional<String> invoiceOfPaymentIntent(String paymentIntentId) {
    counter.count("invoice_payments.list");
    return delegate.invoiceOfPaymentIntent(paymentIntentId);
  }
}
