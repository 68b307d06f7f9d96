package app.billing.provisioning.core.recovery;

import app.billing.core.error.ConflictException;
import app.billing.core.error.NotFoundException;
import app.billing.core.model.ParkedEvent;
import app.billing.core.port.CustomerLinks;
import app.billing.core.port.TenantStore;
import app.billing.core.tenant.TenantProfile;
import app.billing.provisioning.core.TenantHints;
import app.billing.provisioning.core.port.StripeAccountReads;
import app.billing.provisioning.core.recovery.RefetchedState.Counts;
import app.billing.provisioning.core.recovery.RefetchedState.Emails;
import com.stripe.model.Customer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfill and link (operator commands): brings the billing records of tenants up to Stripe's
 * current state, e.g. on first deploy against an account that already has customers, or for a
 * customer created outside our checkout.
 *
 * <p>A tenant's customers are the ones linked to it, the one on its profile (our checkout created
 * it) and those Stripe knows with our {@code metadata.tenantId} (set by our checkout; provisioning
 * trusts the same field), found with the Search API for one tenant or by listing every customer for
 * all of them; found ones are linked. Their state goes through {@link RefetchedState} with past
 * welcomes settled: backfill sends no email.
 */
public final class BackfillService {
  private static final Logger log = LoggerFactory.getLogger(BackfillService.class);

  private final TenantStore tenants;
  private final CustomerLinks links;
  private final StripeAccountReads stripe;
  private final RefetchedState refetched;
  private final Clock clock;

  public BackfillService(
      TenantStore tenants,
      CustomerLinks links,
      StripeAccountReads stripe,
      RefetchedState refetched,
      Clock clock) {
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.links = Objects.requireNonNull(links, "links");
    this.stripe = Objects.requireNonNull(stripe, "stripe");
    this.refetched = Objects.requireNonNull(refetched, "refetched");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What backfilling one tenant did. */
  public record TenantBackfill(String tenantId, List<String> customerIds, Counts counts) {}

  /**
   * One tenant: its customers are found with one search ({@code metadata['tenantId']:'<id>'}).
   *
   * @throws NotFoundException when the tenant does not exist
   */
  public TenantBackfill backfillTenant(String tenantId) {
    TenantProfile tenant = requireTenant(tenantId);
    Map<String, List<String>> linked = linkedByTenant();
    List<Customer> tagged = stripe.customersOfTenant(tenantId);
    return backfill(tenant, linked.getOrDefault(tenantId, List.of()), tagged, 1);
  }

  /**
   * Every tenant, one after the other (Stripe's rate limit is the bound, not our parallelism). The
   * customers carrying a tenant are read once for the whole account by listing all customers (one
   * call per 100) instead of one search per tenant.
   */
  public List<TenantBackfill> backfillAll() {
    Map<String, List<String>> linked = linkedByTenant();
    List<Customer> all = stripe.customersWithTenant();
    Map<String, List<Customer>> tagged = new HashMap<>();
    for (Customer c : all) {
      TenantHints.of(c).ifPresent(t -> tagged.computeIfAbsent(t, k -> new ArrayList<>()).add(c));
    }
    List<TenantBackfill> done = new ArrayList<>();
    boolean first = true;
    for (TenantProfile tenant : tenants.tenants()) {
      // The listing's calls count with the first tenant (at least: customers without a tenant fill
      // pages too).
      int listCalls = first ? RefetchedState.pages(all.size()) : 0;
      first = false;
      done.add(
          backfill(
              tenant,
              linked.getOrDefault(tenant.tenantId(), List.of()),
              tagged.getOrDefault(tenant.tenantId(), List.of()),
              listCalls));
    }
    return done;
  }

  /** What linking a customer did: the backfill, and the parked events to replay. */
  public record LinkedCustomer(
      String tenantId,
      String customerId,
      boolean newLink,
      TenantBackfill backfill,
      List<ParkedEvent> parked) {}

  /**
   * Links a customer created outside our checkout (Dashboard, Payment Link) to a tenant, makes it
   * the tenant's customer if it has none, and backfills the tenant. Returns the customer's parked
   * events, oldest first, for the caller to replay through provisioning (they were acknowledged to
   * Stripe and are applied like any late event).
   *
   * @throws NotFoundException when the tenant does not exist (or Stripe does not know the customer)
   * @throws ConflictException when the customer is already linked to another tenant
   */
  public LinkedCustomer linkCustomer(String tenantId, String customerId) {
    TenantProfile tenant = requireTenant(tenantId);
    Customer customer = stripe.customer(customerId);
    if (Boolean.TRUE.equals(customer.getDeleted())) {
      throw new ConflictException(
          "customer_deleted", "Stripe customer " + customerId + " is deleted.");
    }
    CustomerLinks.Link link = links.link(customerId, tenantId, clock.instant());
    if (!tenantId.equals(link.tenantId())) {
      throw new ConflictException(
          "customer_linked_elsewhere",
          "Stripe customer "
              + customerId
              + " is already linked to tenant "
              + link.tenantId()
              + "; a customer belongs to one tenant.");
    }
    if (tenant.stripeCustomerId() == null) {
      tenants.attachStripeCustomer(tenantId, customerId);
    }
    TenantBackfill backfill = backfill(tenant, List.of(customerId), List.of(), 0);
    List<ParkedEvent> parked = links.lookup(customerId).parked();
    log.info(
        "customer {} linked to tenant {} (new link: {}); {} parked events to replay",
        customerId,
        tenantId,
        link.created(),
        parked.size());
    return new LinkedCustomer(tenantId, customerId, link.created(), backfill, parked);
  }

  private TenantBackfill backfill(
      TenantProfile tenant, List<String> linkedCustomers, List<Customer> tagged, int findCalls) {
    String tenantId = tenant.tenantId();
    Set<String> customers = new LinkedHashSet<>();
    if (tenant.stripeCustomerId() != null) {
      customers.add(tenant.stripeCustomerId());
    }
    customers.addAll(linkedCustomers);
    for (Customer found : tagged) {
      if (customers.contains(found.getId()) || Boolean.TRUE.equals(found.getDeleted())) {
        continue;
      }
      CustomerLinks.Link link = links.link(found.getId(), tenantId, clock.instant());
      if (tenantId.equals(link.tenantId())) {
        customers.add(found.getId());
      } else {
        log.warn(
            "customer {} names tenant {} in its metadata but is linked to tenant {}; left out",
            found.getId(),
            tenantId,
            link.tenantId());
      }
    }
    List<String> customerIds = List.copyOf(customers);
    Counts counts = refetched.everything(tenantId, customerIds, Emails.SETTLE_PAST_WELCOMES);
    counts = counts.plus(new Counts(0, 0, 0, 0, 0, 0, findCalls));
    log.info(
        "backfilled tenant {}: customers {}, {} records written, {} kept (newer event stored)",
        tenantId,
        customerIds,
        counts.written(),
        counts.keptNewer());
    return new TenantBackfill(tenantId, customerIds, counts);
  }

  private TenantProfile requireTenant(String tenantId) {
    return tenants
        .tenant(tenantId)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "tenant_not_found",
                    "There is no tenant " + tenantId + ".",
                    Map.of("tenantId", tenantId)));
  }

  private Map<String, List<String>> linkedByTenant() {
    return links.linkedCustomers().stream()
        .collect(
            Collectors.groupingBy(
                CustomerLinks.LinkedCustomer::tenantId,
                Collectors.mapping(CustomerLinks.LinkedCustomer::customerId, Collectors.toList())));
  }
}
