package app.billing.core.checkout;

import app.billing.core.model.CustomerRecord;
import app.billing.core.port.CustomerLinks;
import app.billing.core.port.StripeWrites;
import app.billing.core.port.StripeWrites.NewCustomer;
import app.billing.core.port.TenantStore;
import app.billing.core.port.VersionedRecords;
import app.billing.core.tenant.TenantProfile;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds or creates the tenant's Stripe customer for a checkout, and links it to the tenant. */
final class CheckoutCustomers {
  private static final Logger log = LoggerFactory.getLogger(CheckoutCustomers.class);

  private final TenantStore tenants;
  private final VersionedRecords records;
  private final CustomerLinks links;
  private final StripeWrites stripe;

  CheckoutCustomers(
      TenantStore tenants, VersionedRecords records, CustomerLinks links, StripeWrites stripe) {
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.records = Objects.requireNonNull(records, "records");
    this.links = Objects.requireNonNull(links, "links");
    this.stripe = Objects.requireNonNull(stripe, "stripe");
  }

  /**
   * The tenant's Stripe customer: the stored one, else one created under the deterministic key
   * {@code customer:<tenantId>} and attached first-writer-wins. The customer-to-tenant link is
   * written every time (a no-op once it exists) so a crash between attach and link heals on the
   * next checkout; webhooks resolve the tenant through it.
   */
  String customerFor(TenantProfile tenant, Instant now) {
    String tenantId = tenant.tenantId();
    String customerId = tenant.stripeCustomerId();
    if (customerId == null) {
      NewCustomer customer = new NewCustomer(tenantId, tenant.name(), tenant.billingEmail());
      String key = customerKey(tenantId);
      String created = StripeFailures.call(() -> stripe.createCustomer(customer, key), Map.of());
      customerId = tenants.attachStripeCustomer(tenantId, created);
      if (customerId.equals(created)) {
        log.info("tenant {} now has Stripe customer {}", tenantId, customerId);
      } else {
        log.warn(
            "tenant {} already had Stripe customer {}; customer {} stays unused",
            tenantId,
            customerId,
            created);
      }
    }
    CustomerLinks.Link link = links.link(customerId, tenantId, now);
    if (!tenantId.equals(link.tenantId())) {
      log.error(
          "Stripe customer {} of tenant {} is linked to tenant {}; refusing checkout",
          customerId,
          tenantId,
          link.tenantId());
      throw new IllegalStateException("customer " + customerId + " belongs to another tenant");
    }
    return customerId;
  }

  /**
   * {@code customer:<tenantId>}, or, when the tenant's last customer was deleted in Stripe (and
   * unlinked), {@code customer:<tenantId>:after:<deleted id>}: Stripe would answer the plain key
   * with the deleted customer for 24 hours, so a new customer needs a key of its own, still
   * deterministic for racing requests and retries.
   */
  private String customerKey(String tenantId) {
    return records
        .customer(tenantId)
        .filter(CustomerRecord::deleted)
        .map(c -> IdempotencyKeys.customerAfter(tenantId, c.customerId()))
        .orElseGet(() -> IdempotencyKeys.customer(tenantId));
  }
}
