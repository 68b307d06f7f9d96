package app.billing.provisioning.core.testing;

import app.billing.core.error.NotFoundException;
import app.billing.provisioning.core.port.StripeAccountReads;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Stripe account as recovery reads it, held in memory: objects put here are what Stripe "has
 * now". {@link #duringNextList} runs an action inside the next list call, after the caller took its
 * fetch time and before the list returns: the place where a live event interleaves with a backfill.
 */
public final class FakeStripeAccount implements StripeAccountReads {
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private final Map<String, Invoice> invoices = new LinkedHashMap<>();
  private final Map<String, Customer> customers = new LinkedHashMap<>();
  private final Map<String, List<String>> entitlements = new LinkedHashMap<>();
  private Runnable duringNextList;
  private int calls;

  public FakeStripeAccount put(Subscription s) {
    subscriptions.put(s.getId(), s);
    return this;
  }

  public FakeStripeAccount put(Invoice i) {
    invoices.put(i.getId(), i);
    return this;
  }

  public FakeStripeAccount put(Customer c) {
    customers.put(c.getId(), c);
    return this;
  }

  public FakeStripeAccount putEntitlements(String customerId, List<String> keys) {
    entitlements.put(customerId, List.copyOf(keys));
    return this;
  }

  /** Runs {@code action} inside the next list call (once). */
  public FakeStripeAccount duringNextList(Runnable action) {
    this.duringNextList = action;
    return this;
  }

  public int calls() {
    return calls;
  }

  private <T> List<T> listed(List<T> snapshot) {
    calls++;
    Runnable action = duringNextList;
    duringNextList = null;
    if (action != null) {
      action.run();
    }
    return snapshot;
  }

  @Override
  public List<Subscription> subscriptions(String customerId) {
    return listed(
        new ArrayList<>(
            subscriptions.values().stream()
                .filter(s -> customerId.equals(s.getCustomer()))
                .toList()));
  }

  @Override
  public List<Invoice> invoices(String customerId) {
    return listed(
        new ArrayList<>(
            invoices.values().stream().filter(i -> customerId.equals(i.getCustomer())).toList()));
  }

  @Override
  public List<String> activeEntitlementLookupKeys(String customerId) {
    calls++;
    return entitlements.getOrDefault(customerId, List.of());
  }

  @Override
  public Customer customer(String customerId) {
    calls++;
    return found("customer", customerId, customers.get(customerId));
  }

  @Override
  public Subscription subscription(String subscriptionId) {
    calls++;
    return found("subscription", subscriptionId, subscriptions.get(subscriptionId));
  }

  @Override
  public Invoice invoice(String invoiceId) {
    calls++;
    return found("invoice", invoiceId, invoices.get(invoiceId));
  }

  @Override
  public List<Customer> customersOfTenant(String tenantId) {
    calls++;
    return customers.values().stream()
        .filter(c -> c.getMetadata() != null && tenantId.equals(c.getMetadata().get("tenantId")))
        .toList();
  }

  @Override
  public List<Customer> customersWithTenant() {
    calls++;
    return customers.values().stream()
        .filter(c -> c.getMetadata() != null && c.getMetadata().containsKey("tenantId"))
        .toList();
  }

  private static <T> T found(String what, String id, T object) {
    return Optional.ofNullable(object)
        .orElseThrow(
            () -> new NotFoundException("stripe_resource_missing", "no such " + what + " " + id));
  }
}
