package app.billing.provisioning.core;

import app.billing.core.event.EventEnvelope;
import app.billing.core.model.ParkedEvent;
import app.billing.core.port.CustomerLinks;
import com.stripe.model.StripeObject;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which tenant an event belongs to: the customer's link (known to this container, else read with
 * the events parked while it was not), else the tenant the object names ({@link TenantHints}),
 * which links the customer only when {@link TrustedLinks} allows it (our checkout's token verifies
 * and the tenant exists). An event with neither is parked, never dropped: it is applied once a
 * later event (e.g. checkout) or {@code admin link-customer} links its customer.
 */
final class TenantResolver {
  private static final Logger log = LoggerFactory.getLogger(TenantResolver.class);

  private final CustomerLinks store;
  private final Clock clock;
  private final TrustedLinks trust;

  /** Customer id → tenant id: a link never changes once made. */
  private final ContainerCache<String> knownTenants;

  TenantResolver(CustomerLinks store, TrustedLinks trust, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.trust = Objects.requireNonNull(trust);
    this.clock = Objects.requireNonNull(clock);
    this.knownTenants = ContainerCache.withDefaults(clock);
  }

  /**
   * @param tenantId null when the event was parked
   * @param parked events parked for the customer, to replay once this one is applied
   * @param cached the link came from this container's cache (nothing to replay or remember)
   */
  record Resolution(String tenantId, List<ParkedEvent> parked, boolean cached) {
    boolean isParked() {
      return tenantId == null;
    }
  }

  Resolution resolve(EventEnvelope envelope, StripeObject object, String payload) {
    String customerId = envelope.customerId();
    Optional<String> known = customerId == null ? Optional.empty() : knownTenants.get(customerId);
    if (known.isPresent()) {
      return new Resolution(known.get(), List.of(), true);
    }
    CustomerLinks.CustomerLookup lookup =
        customerId == null
            ? new CustomerLinks.CustomerLookup(Optional.empty(), List.of())
            : store.lookup(customerId);
    Optional<String> tenant = lookup.tenantId();
    if (tenant.isEmpty()) {
      Optional<String> hint = TenantHints.of(object);
      if (hint.isPresent()
          && customerId != null
          && trust.allows(hint.get(), customerId, TenantHints.tokenMetadata(object))) {
        tenant = Optional.of(store.link(customerId, hint.get(), clock.instant()).tenantId());
      }
    }
    if (tenant.isEmpty()) {
      String parkingKey = customerId != null ? customerId : envelope.orderingKey();
      store.park(
          new ParkedEvent(parkingKey, envelope.id(), envelope.type(), envelope.created(), payload),
          clock.instant());
      log.warn("no tenant known for customer yet; event parked");
      return new Resolution(null, List.of(), false);
    }
    return new Resolution(tenant.get(), lookup.parked(), false);
  }

  /** Once the event is applied, the link is worth knowing in this container. */
  void remember(String customerId, String tenantId) {
    if (customerId != null) {
      knownTenants.put(customerId, tenantId);
    }
  }

  /** The customer's tenant for a failure's audit entry, if linked (failures are rare). */
  Optional<String> linkedTenant(String customerId) {
    return knownTenants.get(customerId).or(() -> store.lookup(customerId).tenantId());
  }
}
