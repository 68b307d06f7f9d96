package app.billing.local.stripe;

import static app.billing.local.stripe.StripeJson.id;

import app.billing.local.stripe.CheckoutObjects.CheckoutRequest;
import app.billing.local.stripe.StateFile.Saved;
import app.billing.local.stripe.StripeBackend.IdempotentResponse;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the stand-in's Stripe account holds, shared by its resources: the objects by id (in the
 * order they were created), the events, the idempotency keys, and the state file they are saved to.
 * Not thread-safe: {@link StripeBackend} serializes every call.
 */
final class StripeAccount {
  /** Stripe keeps an idempotency key's result for 24 hours. */
  static final long IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600;

  private static final int MAX_EVENTS_KEPT = 2000;
  private static final Logger log = LoggerFactory.getLogger(StripeAccount.class);

  final StripeObjects objects;
  private final Clock clock;
  private final StateFile stateFile;

  final Map<String, JsonObject> customers = new LinkedHashMap<>();
  final Map<String, JsonObject> sessions = new LinkedHashMap<>();
  final Map<String, CheckoutRequest> checkoutRequests = new HashMap<>();
  final Map<String, JsonObject> subscriptions = new LinkedHashMap<>();
  final Map<String, JsonObject> invoices = new LinkedHashMap<>();
  final Map<String, JsonObject> portalSessions = new LinkedHashMap<>();
  final Map<String, List<String>> entitlements = new HashMap<>();
  final Map<String, JsonObject> paymentIntents = new LinkedHashMap<>();
  final Map<String, JsonObject> charges = new LinkedHashMap<>();
  final Map<String, JsonObject> refunds = new LinkedHashMap<>();
  final Map<String, JsonObject> disputes = new LinkedHashMap<>();

  /** Billing meter events, oldest first ({@link Meters}). */
  final List<JsonObject> meterEvents = new ArrayList<>();

  /** Deleted customers: retrieving one answers {@code "deleted": true}, as Stripe does. */
  final Set<String> deletedCustomers = new LinkedHashSet<>();

  final LinkedHashMap<String, JsonObject> events =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonObject> eldest) {
          return size() > MAX_EVENTS_KEPT;
        }
      };
  final Map<String, IdempotentResponse> idempotency = new HashMap<>();

  /**
   * @param stateFile where the account is loaded from and saved to; null: in memory only
   */
  StripeAccount(StripeObjects objects, Clock clock, StateFile stateFile) {
    this.objects = objects;
    this.clock = clock;
    this.stateFile = stateFile;
    if (stateFile != null) {
      stateFile.load().ifPresent(this::restore);
    }
  }

  long now() {
    return clock.instant().getEpochSecond();
  }

  /** Records an event caused by a call our functions made; returns a copy to deliver. */
  JsonObject emit(
      String type,
      long created,
      JsonObject object,
      JsonObject previous,
      String requestId,
      String idempotencyKey) {
    JsonObject event = objects.event(type, created, object, previous, requestId, idempotencyKey);
    events.put(id(event), event);
    return event.deepCopy();
  }

  /** Records an event without a request (Checkout, the portal, automatic renewals). */
  JsonObject emit(String type, long created, JsonObject object, JsonObject previous) {
    return emit(type, created, object, previous, null, null);
  }

  /** A customer of the account (not deleted), or Stripe's resource_missing on {@code param}. */
  JsonObject customer(String id, String param) {
    JsonObject customer = customers.get(id);
    if (customer == null) {
      throw StripeError.noSuch("customer", id, param);
    }
    return customer;
  }

  Collection<JsonObject> subscriptionsOf(String customerId) {
    return subscriptions.values().stream()
        .filter(s -> customerId.equals(s.get("customer").getAsString()))
        .toList();
  }

  boolean expired(IdempotentResponse response) {
    return response.created() + IDEMPOTENCY_WINDOW_SECONDS <= now();
  }

  // ------------------------------------------------------------------ the state file

  void save() {
    if (stateFile == null) {
      return;
    }
    // Serialized under the backend's lock: each save is a consistent state, and a later save
    // never loses to an earlier one.
    stateFile.save(
        new Saved(
            StateFile.FORMAT,
            List.copyOf(customers.values()),
            List.copyOf(sessions.values()),
            checkoutRequests,
            List.copyOf(subscriptions.values()),
            List.copyOf(invoices.values()),
            List.copyOf(portalSessions.values()),
            entitlements,
            List.copyOf(events.values()),
            idempotency,
            List.copyOf(paymentIntents.values()),
            List.copyOf(charges.values()),
            List.copyOf(refunds.values()),
            List.copyOf(disputes.values()),
            List.copyOf(deletedCustomers),
            List.copyOf(meterEvents)));
  }

  private void restore(Saved saved) {
    saved.customers().forEach(customer -> customers.put(id(customer), customer));
    for (JsonObject session : saved.checkoutSessions()) {
      String id = id(session);
      CheckoutRequest request = saved.checkoutRequests().get(id);
      if (request == null || request.lineItems().stream().anyMatch(item -> item.price() == null)) {
        log.warn(
            "dropping Checkout Session {} from {}: it sells a price that is no longer in the plan catalog",
            id,
            stateFile.path());
        continue;
      }
      sessions.put(id, session);
      checkoutRequests.put(id, request);
    }
    saved
        .subscriptions()
        .forEach(subscription -> subscriptions.put(id(subscription), subscription));
    saved.invoices().forEach(invoice -> invoices.put(id(invoice), invoice));
    saved.portalSessions().forEach(portal -> portalSessions.put(id(portal), portal));
    saved.entitlements().forEach((customer, keys) -> entitlements.put(customer, List.copyOf(keys)));
    saved.events().forEach(event -> events.put(id(event), event));
    idempotency.putAll(saved.idempotencyKeys());
    saved.paymentIntents().forEach(pi -> paymentIntents.put(id(pi), pi));
    saved.charges().forEach(charge -> charges.put(id(charge), charge));
    saved.refunds().forEach(refund -> refunds.put(id(refund), refund));
    saved.disputes().forEach(dispute -> disputes.put(id(dispute), dispute));
    deletedCustomers.addAll(saved.deletedCustomers());
    meterEvents.addAll(saved.meterEvents());
    idempotency.values().removeIf(this::expired);
    log.info(
        "Stripe stand-in: {} customers, {} subscriptions, {} invoices, {} Checkout Sessions restored from {}",
        customers.size(),
        subscriptions.size(),
        invoices.size(),
        sessions.size(),
        stateFile.path());
  }
}
