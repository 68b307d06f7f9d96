package app.billing.provisioning.core.port;

import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import java.util.List;

/**
 * The Stripe reads recovery needs (backfill, link-customer, sync on return): a customer's whole
 * current state, every page of it, and the customers our checkout tagged with a tenant.
 */
public interface StripeAccountReads {

  /** Every subscription of the customer, whatever its status (canceled ones included). */
  List<Subscription> subscriptions(String customerId);

  /** Every invoice of the customer. */
  List<Invoice> invoices(String customerId);

  /** Lookup keys of the customer's active entitlements. */
  List<String> activeEntitlementLookupKeys(String customerId);

  Customer customer(String customerId);

  Subscription subscription(String subscriptionId);

  Invoice invoice(String invoiceId);

  /** Customers whose {@code metadata.tenantId} names the tenant (Stripe's Search API). */
  List<Customer> customersOfTenant(String tenantId);

  /**
   * Every customer that carries a {@code metadata.tenantId}, read by listing all customers (100 per
   * call): for a whole account this costs a hundredth of one search per tenant, and the list,
   * unlike search, is not eventually consistent.
   */
  List<Customer> customersWithTenant();
}
