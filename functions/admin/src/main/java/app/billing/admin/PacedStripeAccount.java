package app.billing.admin;

import app.billing.provisioning.core.port.StripeAccountReads;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Keeps a backfill under Stripe's rate limit (25 requests/s in test mode, 100 live, shared with the
 * running system): calls start at least {@code 1/rate} s apart. A list longer than one page (100
 * objects) makes further calls inside one method; those are rare enough to go unpaced.
 */
final class PacedStripeAccount implements StripeAccountReads {
  private final StripeAccountReads stripe;
  private final long intervalNanos;
  private long nextStart = System.nanoTime();

  PacedStripeAccount(StripeAccountReads stripe, int requestsPerSecond) {
    this.stripe = stripe;
    this.intervalNanos = Duration.ofSeconds(1).toNanos() / requestsPerSecond;
  }

  private synchronized <T> T paced(Supplier<T> call) {
    long wait = nextStart - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(Duration.ofNanos(wait));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while pacing Stripe calls", e);
      }
    }
    nextStart = Math.max(nextStart, System.nanoTime()) + intervalNanos;
    return call.get();
  }

  @Override
  public List<Subscription> subscriptions(String customerId) {
    return paced(() -> stripe.subscriptions(customerId));
  }

  @Override
  public List<Invoice> invoices(String customerId) {
    return paced(() -> stripe.invoices(customerId));
  }

  @Override
  public List<String> activeEntitlementLookupKeys(String customerId) {
    return paced(() -> stripe.activeEntitlementLookupKeys(customerId));
  }

  @Override
  public Customer customer(String customerId) {
    return paced(() -> stripe.customer(customerId));
  }

  @Override
  public Subscription subscription(String subscriptionId) {
    return paced(() -> stripe.subscription(subscriptionId));
  }

  @Override
  public Invoice invoice(String invoiceId) {
    return paced(() -> stripe.invoice(invoiceId));
  }

  @Override
  public List<Customer> customersOfTenant(String tenantId) {
    return paced(() -> stripe.customersOfTenant(tenantId));
  }

  /** One call per 100 customers: paced as one. */
  @Override
  public List<Customer> customersWithTenant() {
    return paced(stripe::customersWithTenant);
  }
}
