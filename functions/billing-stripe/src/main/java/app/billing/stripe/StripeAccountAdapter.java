package app.billing.stripe;

import app.billing.core.error.NotFoundException;
import app.billing.core.error.UpstreamException;
import app.billing.provisioning.core.TenantHints;
import app.billing.provisioning.core.port.StripeAccountReads;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import com.stripe.model.entitlements.ActiveEntitlement;
import com.stripe.param.CustomerListParams;
import com.stripe.param.CustomerSearchParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.entitlements.ActiveEntitlementListParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StripeAccountReads} on one {@link StripeClient}: every list is read to its end with
 * stripe-java's auto-pagination at 100 objects per page. A 404 becomes {@link NotFoundException}
 * naming the object; any other failure {@link UpstreamException} with Stripe's request id (never
 * Stripe's message).
 */
public final class StripeAccountAdapter implements StripeAccountReads {
  static final long PAGE_SIZE = 100;
  private static final Logger log = LoggerFactory.getLogger(StripeAccountAdapter.class);

  private final StripeClient stripe;

  public StripeAccountAdapter(StripeClient stripe) {
    this.stripe = stripe;
  }

  @Override
  public List<Subscription> subscriptions(String customerId) {
    return call(
        "list subscriptions of " + customerId,
        () ->
            all(
                stripe
                    .v1()
                    .subscriptions()
                    .list(
                        SubscriptionListParams.builder()
                            .setCustomer(customerId)
                            .setStatus(SubscriptionListParams.Status.ALL)
                            .setLimit(PAGE_SIZE)
                            .build())
                    .autoPagingIterable()));
  }

  @Override
  public List<Invoice> invoices(String customerId) {
    return call(
        "list invoices of " + customerId,
        () ->
            all(
                stripe
                    .v1()
                    .invoices()
                    .list(
                        InvoiceListParams.builder()
                            .setCustomer(customerId)
                            .setLimit(PAGE_SIZE)
                            .build())
                    .autoPagingIterable()));
  }

  @Override
  public List<String> activeEntitlementLookupKeys(String customerId) {
    return call(
        "list active entitlements of " + customerId,
        () -> {
          List<String> keys = new ArrayList<>();
          for (ActiveEntitlement e :
              stripe
                  .v1()
                  .entitlements()
                  .activeEntitlements()
                  .list(
                      ActiveEntitlementListParams.builder()
                          .setCustomer(customerId)
                          .setLimit(PAGE_SIZE)
                          .build())
                  .autoPagingIterable()) {
            keys.add(e.getLookupKey());
          }
          return keys;
        });
  }

  @Override
  public Customer customer(String customerId) {
    return call(
        "retrieve customer " + customerId, () -> stripe.v1().customers().retrieve(customerId));
  }

  @Override
  public Subscription subscription(String subscriptionId) {
    return call(
        "retrieve subscription " + subscriptionId,
        () -> stripe.v1().subscriptions().retrieve(subscriptionId));
  }

  @Override
  public Invoice invoice(String invoiceId) {
    return call("retrieve invoice " + invoiceId, () -> stripe.v1().invoices().retrieve(invoiceId));
  }

  /**
   * Stripe's Search API is eventually consistent (a customer shows up within about a minute of its
   * creation); linked customers do not depend on it.
   */
  @Override
  public List<Customer> customersOfTenant(String tenantId) {
    return call(
        "search customers of tenant " + tenantId,
        () ->
            all(
                stripe
                    .v1()
                    .customers()
                    .search(
                        CustomerSearchParams.builder()
                            .setQuery(tenantQuery(tenantId))
                            .setLimit(PAGE_SIZE)
                            .build())
                    .autoPagingIterable()));
  }

  @Override
  public List<Customer> customersWithTenant() {
    return call(
        "list customers",
        () -> {
          List<Customer> tagged = new ArrayList<>();
          for (Customer c :
              stripe
                  .v1()
                  .customers()
                  .list(CustomerListParams.builder().setLimit(PAGE_SIZE).build())
                  .autoPagingIterable()) {
            if (TenantHints.of(c).isPresent()) {
              tagged.add(c);
            }
          }
          return tagged;
        });
  }

  /**
   * {@code metadata['tenantId']:'<id>'} with quotes and backslashes escaped as the query language
   * wants.
   */
  static String tenantQuery(String tenantId) {
    String escaped = tenantId.replace("\\", "\\\\").replace("'", "\\'");
    return "metadata['" + TenantHints.METADATA_KEY + "']:'" + escaped + "'";
  }

  private static <T> List<T> all(Iterable<T> pages) {
    List<T> objects = new ArrayList<>();
    pages.forEach(objects::add);
    return objects;
  }

  private interface StripeCall<T> {
    T run() throws StripeException;
  }

  private static <T> T call(String what, StripeCall<T> call) {
    StripeException failure;
    try {
      return call.run();
    } catch (StripeException e) {
      failure = e;
    } catch (RuntimeException e) {
      // Auto-pagination fetches the next pages inside Iterator.next(), which wraps the
      // StripeException.
      if (!(e.getCause() instanceof StripeException cause)) {
        throw e;
      }
      failure = cause;
    }
    log.warn(
        "Stripe {} failed: status {} code {} request {}",
        what,
        failure.getStatusCode(),
        failure.getCode(),
        failure.getRequestId());
    String request =
        failure.getRequestId() == null ? "" : " (Stripe request " + failure.getRequestId() + ")";
    if (Integer.valueOf(404).equals(failure.getStatusCode())) {
      throw new NotFoundException(
          "stripe_resource_missing",
          "Stripe could not " + what + ": no such object" + request + ".",
          failure.getRequestId() == null
              ? Map.of()
              : Map.of("stripe_request_id", failure.getRequestId()));
    }
    throw new UpstreamException(
        "stripe_error",
        "Stripe could not " + what + request + ".",
        failure.getRequestId() == null
            ? Map.of()
            : Map.of("stripe_request_id", failure.getRequestId()));
  }
}
