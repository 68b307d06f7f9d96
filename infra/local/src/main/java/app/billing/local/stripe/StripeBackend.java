package app.billing.local.stripe;

import app.billing.core.catalog.BillingCycle;
import app.billing.core.catalog.CatalogEntry;
import app.billing.core.catalog.PriceMatch;
import app.billing.local.stripe.StateFile.Saved;
import app.billing.local.stripe.StripeObjects.CheckoutRequest;
import app.billing.local.stripe.StripeObjects.InvoiceRequest;
import app.billing.local.stripe.StripeObjects.LineItemRequest;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stand-in's Stripe account: customers, Checkout Sessions, subscriptions, invoices, portal
 * sessions, events and idempotency keys, changed by the API calls our functions make and by what a
 * customer does on the local checkout and portal pages. Every change yields the events real Stripe
 * would send for it; the caller delivers them (outside the lock). Objects are returned as copies.
 * With a {@link StateFile} the account is loaded from it at start and saved to it after every
 * change, so it survives restarts like the billing table does; without one it lives in memory only.
 */
final class StripeBackend {
  /** Stripe's Smart Retries try a failed renewal a few times before giving up. */
  static final int MAX_PAYMENT_ATTEMPTS = 4;

  static final long RETRY_INTERVAL_SECONDS = 3 * 24 * 3600;
  private static final int MAX_EVENTS_KEPT = 2000;

  /** Stripe keeps an idempotency key's result for 24 hours. */
  static final long IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600;

  private static final Logger log = LoggerFactory.getLogger(StripeBackend.class);

  /** A changed object and the events the change caused, oldest first. */
  record Change(JsonObject object, List<JsonObject> events) {}

  /**
   * The answer to a request sent with an {@code Idempotency-Key}, replayed for a retry with the
   * same parameters ({@code fingerprint}) within {@value #IDEMPOTENCY_WINDOW_SECONDS} seconds of
   * {@code created}.
   */
  record IdempotentResponse(String fingerprint, int status, JsonObject body, long created) {}

  private final StripeObjects objects;
  private final Clock clock;
  private final StateFile stateFile;

  private final Map<String, JsonObject> customers = new LinkedHashMap<>();
  private final Map<String, JsonObject> sessions = new LinkedHashMap<>();
  private final Map<String, CheckoutRequest> checkoutRequests = new HashMap<>();
  private final Map<String, JsonObject> subscriptions = new LinkedHashMap<>();
  private final Map<String, JsonObject> invoices = new LinkedHashMap<>();
  private final Map<String, JsonObject> portalSessions = new LinkedHashMap<>();
  private final Map<String, List<String>> entitlements = new HashMap<>();
  private final LinkedHashMap<String, JsonObject> events =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonObject> eldest) {
          return size() > MAX_EVENTS_KEPT;
        }
      };

  private final Map<String, IdempotentResponse> idempotency = new HashMap<>();

  /** An account in memory only. */
  StripeBackend(StripeObjects objects, Clock clock) {
    this(objects, clock, null);
  }

  /**
   * @param stateFile where the account is loaded from and saved to; null: in memory only
   */
  StripeBackend(StripeObjects objects, Clock clock, StateFile stateFile) {
    this.objects = objects;
    this.clock = clock;
    this.stateFile = stateFile;
    if (stateFile != null) {
      stateFile.load().ifPresent(this::restore);
    }
  }

  StripeObjects objects() {
    return objects;
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  // ------------------------------------------------------------------ customers

  synchronized Change createCustomer(FormParams params, String requestId, String idempotencyKey) {
    String id = Ids.customer();
    JsonObject customer =
        objects.customer(
            id,
            params.string("email").orElse(null),
            params.string("name").orElse(null),
            params.string("description").orElse(null),
            params.string("phone").orElse(null),
            cleanMetadata(params.hash("metadata")),
            now());
    customers.put(id, customer);
    JsonObject event =
        record(objects.event("customer.created", now(), customer, null, requestId, idempotencyKey));
    return saved(new Change(customer.deepCopy(), List.of(event)));
  }

  /** {@code GET /v1/customers}: newest first, paged. */
  synchronized JsonObject customers(FormParams query) {
    return StripeLists.page("/v1/customers", newestCustomersFirst(), query);
  }

  private List<JsonObject> newestCustomersFirst() {
    return customers.values().stream()
        .sorted(Comparator.comparingLong((JsonObject c) -> c.get("created").getAsLong()).reversed())
        .toList();
  }

  /** {@code GET /v1/customers/search}: newest first, like Stripe's default order. */
  synchronized JsonObject searchCustomers(FormParams query) {
    return StripeLists.search("/v1/customers/search", newestCustomersFirst(), query);
  }

  synchronized JsonObject customer(String id) {
    return requireCustomer(id, "id").deepCopy();
  }

  synchronized Change updateCustomer(
      String id, FormParams params, String requestId, String idempotencyKey) {
    JsonObject customer = requireCustomer(id, "id");
    JsonObject previous = new JsonObject();
    for (String field : List.of("email", "name", "description", "phone")) {
      if (params.has(field)) {
        String value = params.string(field).filter(v -> !v.isEmpty()).orElse(null);
        JsonElement old = customer.get(field);
        JsonElement updated = StripeObjects.nullable(value);
        if (!old.equals(updated)) {
          previous.add(field, old);
          customer.add(field, updated);
        }
      }
    }
    if (params.has("metadata")) {
      JsonObject metadata = customer.getAsJsonObject("metadata");
      JsonObject before = metadata.deepCopy();
      mergeMetadata(metadata, params.hash("metadata"));
      if (!before.equals(metadata)) {
        previous.add("metadata", before);
      }
    }
    List<JsonObject> caused =
        previous.isEmpty()
            ? List.of()
            : List.of(
                record(
                    objects.event(
                        "customer.updated", now(), customer, previous, requestId, idempotencyKey)));
    return saved(new Change(customer.deepCopy(), caused));
  }

  private JsonObject requireCustomer(String id, String param) {
    JsonObject customer = customers.get(id);
    if (customer == null) {
      throw StripeError.noSuch("customer", id, param);
    }
    return customer;
  }

  // ------------------------------------------------------------------ checkout

  synchronized Change createCheckoutSession(FormParams params, String requestId) {
    String mode = params.string("mode").orElseThrow(() -> StripeError.missingParam("mode"));
    if (!mode.equals("subscription") && !mode.equals("payment")) {
      throw StripeError.invalid(
          "Invalid mode: the local Stripe stand-in supports `payment` and `subscription`"
              + " (got `"
              + mode
              + "`).",
          "mode");
    }
    String uiMode = params.string("ui_mode").orElse("hosted");
    if (!uiMode.equals("hosted")) {
      throw StripeError.invalid(
          "The local Stripe stand-in only serves hosted Checkout (ui_mode=hosted).", "ui_mode");
    }
    String successUrl =
        params.string("success_url").orElseThrow(() -> StripeError.missingParam("success_url"));
    String customerId = params.string("customer").orElse(null);
    if (customerId != null) {
      requireCustomer(customerId, "customer");
    }
    String customerEmail = params.string("customer_email").orElse(null);
    if (customerId != null && customerEmail != null) {
      throw StripeError.invalid(
          "You may only specify one of these parameters: customer, customer_email.",
          "customer_email");
    }
    List<FormParams> items = params.list("line_items");
    if (items.isEmpty()) {
      throw StripeError.missingParam("line_items");
    }
    List<LineItemRequest> lineItems = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      FormParams item = items.get(i);
      String param = "line_items[" + i + "][price]";
      String priceId = item.string("price").orElseThrow(() -> StripeError.missingParam(param));
      PriceMatch price =
          objects
              .priceMatch(priceId)
              .orElseThrow(() -> StripeError.noSuch("price", priceId, param));
      long quantity = item.integer("quantity").orElse(1L);
      if (quantity < 1) {
        throw StripeError.invalid(
            "Quantity must be at least 1.", "line_items[" + i + "][quantity]");
      }
      boolean recurring = price.cycle() != BillingCycle.ONE_TIME;
      if (mode.equals("payment") && recurring) {
        throw StripeError.invalid(
            "You specified `payment` mode but passed a recurring price. Either switch to "
                + "`subscription` mode or use only one-time prices.",
            param);
      }
      if (mode.equals("subscription") && !recurring) {
        throw StripeError.invalid(
            "The local Stripe stand-in only sells recurring prices in `subscription` mode.", param);
      }
      lineItems.add(new LineItemRequest(price, quantity));
    }
    if (mode.equals("subscription") && lineItems.size() != 1) {
      throw StripeError.invalid(
          "The local Stripe stand-in supports one subscription item per Checkout Session.",
          "line_items");
    }
    Long trialDays = params.integer("subscription_data", "trial_period_days").orElse(null);
    if (trialDays == null
        && mode.equals("subscription")
        && !params.has("subscription_data", "trial_end")) {
      // Not passed: the plan's catalog trial (what our checkout would pass anyway).
      int catalogTrial = lineItems.getFirst().price().entry().trialDays();
      trialDays = catalogTrial > 0 ? (long) catalogTrial : null;
    }
    if (trialDays != null && trialDays > 0 && !mode.equals("subscription")) {
      throw StripeError.invalid(
          "subscription_data is only allowed in `subscription` mode.", "subscription_data");
    }
    CheckoutRequest request =
        new CheckoutRequest(
            mode,
            customerId,
            customerEmail,
            params.string("client_reference_id").orElse(null),
            successUrl,
            params.string("cancel_url").orElse(null),
            lineItems,
            cleanMetadata(params.hash("metadata")),
            cleanMetadata(params.hash("subscription_data", "metadata")),
            trialDays,
            cleanMetadata(params.hash("payment_intent_data", "metadata")),
            params.bool("allow_promotion_codes").orElse(false),
            customerId != null
                ? null
                : params
                    .string("customer_creation")
                    .orElse(mode.equals("payment") ? "if_required" : "always"),
            params.string("locale").orElse(null));
    String id = Ids.checkoutSession();
    JsonObject session = objects.checkoutSession(id, request, now());
    sessions.put(id, session);
    checkoutRequests.put(id, request);
    return saved(new Change(session.deepCopy(), List.of()));
  }

  synchronized JsonObject checkoutSession(String id) {
    return requireSession(id).deepCopy();
  }

  synchronized JsonObject checkoutLineItems(String id) {
    requireSession(id);
    CheckoutRequest request = checkoutRequests.get(id);
    JsonArray data = new JsonArray();
    for (int i = 0; i < request.lineItems().size(); i++) {
      data.add(objects.lineItem(id, i, request.lineItems().get(i)));
    }
    return StripeObjects.list("/v1/checkout/sessions/" + id + "/line_items", data);
  }

  synchronized Change expireCheckoutSession(String id, String requestId) {
    JsonObject session = requireSession(id);
    if (!"open".equals(session.get("status").getAsString())) {
      throw StripeError.invalid(
          "Only Checkout Sessions with a status in [\"open\"] can be expired.", null);
    }
    session.addProperty("status", "expired");
    JsonObject event =
        record(objects.event("checkout.session.expired", now(), session, null, requestId, null));
    return saved(new Change(session.deepCopy(), List.of(event)));
  }

  private JsonObject requireSession(String id) {
    JsonObject session = sessions.get(id);
    if (session == null) {
      throw StripeError.noSuch("checkout.session", id, "session");
    }
    return session;
  }

  /** What the local checkout page shows. */
  record CheckoutView(
      JsonObject session, List<LineItemRequest> lineItems, Long trialDays, String email) {}

  synchronized Optional<CheckoutView> checkoutView(String id) {
    JsonObject session = sessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    CheckoutRequest request = checkoutRequests.get(id);
    String email = request.customerEmail();
    if (request.customerId() != null) {
      JsonElement customerEmail = customers.get(request.customerId()).get("email");
      email = customerEmail.isJsonNull() ? null : customerEmail.getAsString();
    }
    return Optional.of(
        new CheckoutView(
            session.deepCopy(), request.lineItems(), request.trialPeriodDays(), email));
  }

  /**
   * The customer paid on the hosted page: a subscription (trialing when the session grants a trial)
   * with its first invoice paid, or a paid one-time payment. Events in the order this stand-in
   * sends them: checkout.session.completed, customer.subscription.created, invoice.paid,
   * entitlements.
   */
  synchronized Change pay(String sessionId) {
    JsonObject session = requireSession(sessionId);
    if (!"open".equals(session.get("status").getAsString())) {
      throw StripeError.invalid(
          "This Checkout Session is no longer active (status "
              + session.get("status").getAsString()
              + ").",
          null);
    }
    CheckoutRequest request = checkoutRequests.get(sessionId);
    long now = now();
    JsonObject customer = request.customerId() != null ? customers.get(request.customerId()) : null;
    if (customer == null) {
      // Checkout creates the customer itself when none was passed (always for subscriptions).
      String id = Ids.customer();
      customer =
          objects.customer(id, request.customerEmail(), null, null, null, new JsonObject(), now);
      customers.put(id, customer);
      session.addProperty("customer", id);
    }
    String customerId = customer.get("id").getAsString();
    session.add("customer_details", objects.customerDetails(customer, request.customerEmail()));
    session.addProperty("status", "complete");
    List<JsonObject> caused = new ArrayList<>();
    if (request.mode().equals("subscription")) {
      LineItemRequest line = request.lineItems().getFirst();
      boolean trialing = request.trialPeriodDays() != null && request.trialPeriodDays() > 0;
      long periodEnd =
          trialing
              ? now + request.trialPeriodDays() * 86_400
              : StripeObjects.periodEnd(now, line.price().cycle());
      String subscriptionId = Ids.subscription();
      String itemId = Ids.subscriptionItem();
      JsonObject item =
          objects.subscriptionItem(
              subscriptionId, itemId, line.price(), line.quantity(), now, periodEnd, now);
      JsonObject subscription =
          objects.subscription(
              subscriptionId,
              customerId,
              item,
              trialing ? "trialing" : "active",
              request.subscriptionMetadata(),
              line.price().price().currency(),
              trialing ? now : null,
              trialing ? periodEnd : null,
              Ids.paymentMethod(),
              now);
      JsonObject invoice = newInvoice(customer, subscription, "subscription_create", trialing, now);
      markPaid(invoice, now);
      subscription.addProperty("latest_invoice", invoice.get("id").getAsString());
      subscriptions.put(subscriptionId, subscription);
      session.addProperty("payment_status", trialing ? "no_payment_required" : "paid");
      session.addProperty("subscription", subscriptionId);
      session.addProperty("invoice", invoice.get("id").getAsString());
      caused.add(
          record(objects.event("checkout.session.completed", now, session, null, null, null)));
      caused.add(
          record(
              objects.event("customer.subscription.created", now, subscription, null, null, null)));
      caused.add(record(objects.event("invoice.paid", now, invoice, null, null, null)));
      entitlementsChanged(customerId, now).ifPresent(caused::add);
    } else {
      session.addProperty("payment_status", "paid");
      session.addProperty("payment_intent", Ids.paymentIntent());
      caused.add(
          record(objects.event("checkout.session.completed", now, session, null, null, null)));
    }
    return saved(new Change(session.deepCopy(), caused));
  }

  // ------------------------------------------------------------------ portal

  synchronized Change createPortalSession(FormParams params) {
    String customerId =
        params.string("customer").orElseThrow(() -> StripeError.missingParam("customer"));
    requireCustomer(customerId, "customer");
    String id = Ids.portalSession();
    JsonObject portal =
        objects.portalSession(
            id,
            customerId,
            params.string("return_url").orElse(null),
            params.string("locale").orElse(null),
            now());
    if (params.has("flow_data")) {
      portal.add("flow", flow(params, customerId));
    }
    params
        .string("configuration")
        .ifPresent(configuration -> portal.addProperty("configuration", configuration));
    portalSessions.put(id, portal);
    return saved(new Change(portal.deepCopy(), List.of()));
  }

  /** A portal deep link ({@code flow_data}) as Stripe returns it in {@code flow}. */
  private JsonObject flow(FormParams params, String customerId) {
    String type =
        params
            .string("flow_data", "type")
            .orElseThrow(() -> StripeError.missingParam("flow_data[type]"));
    JsonObject flow = new JsonObject();
    JsonObject afterCompletion = new JsonObject();
    String afterType =
        params.string("flow_data", "after_completion", "type").orElse("portal_homepage");
    afterCompletion.add("hosted_confirmation", JsonNull.INSTANCE);
    afterCompletion.add("redirect", JsonNull.INSTANCE);
    switch (afterType) {
      case "redirect" -> {
        JsonObject redirect = new JsonObject();
        redirect.addProperty(
            "return_url",
            params
                .string("flow_data", "after_completion", "redirect", "return_url")
                .orElseThrow(
                    () ->
                        StripeError.missingParam(
                            "flow_data[after_completion][redirect][return_url]")));
        afterCompletion.add("redirect", redirect);
      }
      case "hosted_confirmation" -> {
        JsonObject confirmation = new JsonObject();
        confirmation.add(
            "custom_message",
            StripeObjects.nullable(
                params
                    .string(
                        "flow_data", "after_completion", "hosted_confirmation", "custom_message")
                    .orElse(null)));
        afterCompletion.add("hosted_confirmation", confirmation);
      }
      case "portal_homepage" -> {}
      default ->
          throw StripeError.invalid(
              "Invalid flow_data[after_completion][type]: " + afterType,
              "flow_data[after_completion][type]");
    }
    afterCompletion.addProperty("type", afterType);
    flow.add("after_completion", afterCompletion);
    flow.add("subscription_cancel", JsonNull.INSTANCE);
    flow.add("subscription_update", JsonNull.INSTANCE);
    flow.add("subscription_update_confirm", JsonNull.INSTANCE);
    switch (type) {
      case "payment_method_update" -> {}
      case "subscription_cancel", "subscription_update" -> {
        String param = "flow_data[" + type + "][subscription]";
        String subscriptionId =
            params
                .string("flow_data", type, "subscription")
                .orElseThrow(() -> StripeError.missingParam(param));
        JsonObject subscription = subscriptions.get(subscriptionId);
        if (subscription == null
            || !customerId.equals(subscription.get("customer").getAsString())) {
          throw StripeError.noSuch("subscription", subscriptionId, param);
        }
        if ("canceled".equals(subscription.get("status").getAsString())) {
          throw StripeError.invalid(
              "You can't create a portal session for a canceled subscription.", param);
        }
        JsonObject details = new JsonObject();
        if (type.equals("subscription_cancel")) {
          details.add("retention", JsonNull.INSTANCE);
        }
        details.addProperty("subscription", subscriptionId);
        flow.add(type, details);
      }
      default ->
          throw StripeError.invalid(
              "The local Stripe stand-in supports the portal flows payment_method_update, "
                  + "subscription_cancel and subscription_update (got "
                  + type
                  + ").",
              "flow_data[type]");
    }
    flow.addProperty("type", type);
    return flow;
  }

  /** What the local portal page shows: the customer and its subscriptions, newest first. */
  record PortalView(
      JsonObject portalSession,
      JsonObject customer,
      List<JsonObject> subscriptions,
      List<JsonObject> invoices) {}

  synchronized Optional<PortalView> portalView(String portalSessionId) {
    JsonObject portal = portalSessions.get(portalSessionId);
    if (portal == null) {
      return Optional.empty();
    }
    String customerId = portal.get("customer").getAsString();
    List<JsonObject> subs =
        subscriptionsOf(customerId).stream()
            .sorted(
                Comparator.comparingLong((JsonObject s) -> s.get("created").getAsLong()).reversed())
            .map(JsonObject::deepCopy)
            .toList();
    List<JsonObject> customerInvoices =
        invoices.values().stream()
            .filter(i -> customerId.equals(i.get("customer").getAsString()))
            .sorted(
                Comparator.comparingLong((JsonObject i) -> i.get("created").getAsLong()).reversed())
            .map(JsonObject::deepCopy)
            .toList();
    return Optional.of(
        new PortalView(
            portal.deepCopy(), customers.get(customerId).deepCopy(), subs, customerInvoices));
  }

  /**
   * A subscription change made on a portal page; checks the subscription is the portal customer's.
   */
  synchronized Change portalAction(
      String portalSessionId, String subscriptionId, PortalAction action, String priceId) {
    JsonObject portal = portalSessions.get(portalSessionId);
    if (portal == null) {
      throw StripeError.noSuch("billing_portal.session", portalSessionId, "session");
    }
    String customerId = portal.get("customer").getAsString();
    if (action == PortalAction.UPDATE_PAYMENT_METHOD) {
      return saved(updatePaymentMethod(customers.get(customerId)));
    }
    if (subscriptionId == null || subscriptionId.isBlank()) {
      // Not named: the customer's newest subscription that is not canceled (there is one per
      // tenant).
      subscriptionId =
          subscriptionsOf(customerId).stream()
              .filter(s -> !"canceled".equals(s.get("status").getAsString()))
              .max(Comparator.comparingLong(s -> s.get("created").getAsLong()))
              .map(s -> s.get("id").getAsString())
              .orElseThrow(
                  () ->
                      StripeError.invalid(
                          "This customer has no subscription that can be changed.",
                          "subscription"));
    }
    JsonObject subscription = requireSubscription(subscriptionId);
    if (!subscription.get("customer").getAsString().equals(customerId)) {
      throw StripeError.noSuch("subscription", subscriptionId, "subscription");
    }
    return saved(
        switch (action) {
          case CANCEL_AT_PERIOD_END -> setCancelAtPeriodEnd(subscription, true, null);
          case REACTIVATE -> setCancelAtPeriodEnd(subscription, false, null);
          case CANCEL_NOW -> cancelNow(subscription, "cancellation_requested", null);
          case SWITCH_PLAN -> switchPlan(subscription, priceId);
          case RENEW -> renew(subscription);
          case FAIL_RENEWAL -> failRenewal(subscription);
          case UPDATE_PAYMENT_METHOD -> throw new IllegalStateException("handled above");
        });
  }

  /** A new card becomes the customer's default for invoices. */
  private Change updatePaymentMethod(JsonObject customer) {
    long now = now();
    JsonObject settings = customer.getAsJsonObject("invoice_settings");
    JsonObject previousSettings = new JsonObject();
    previousSettings.add("default_payment_method", settings.get("default_payment_method"));
    JsonObject previous = new JsonObject();
    previous.add("invoice_settings", previousSettings);
    settings.addProperty("default_payment_method", Ids.paymentMethod());
    return new Change(
        customer.deepCopy(),
        List.of(record(objects.event("customer.updated", now, customer, previous, null, null))));
  }

  enum PortalAction {
    CANCEL_AT_PERIOD_END("cancel-at-period-end"),
    REACTIVATE("reactivate"),
    CANCEL_NOW("cancel-now"),
    SWITCH_PLAN("switch-plan"),
    RENEW("simulate-renewal"),
    FAIL_RENEWAL("simulate-failed-renewal"),
    UPDATE_PAYMENT_METHOD("update-payment-method");

    final String path;

    PortalAction(String path) {
      this.path = path;
    }

    static Optional<PortalAction> fromPath(String path) {
      for (PortalAction action : values()) {
        if (action.path.equals(path)) {
          return Optional.of(action);
        }
      }
      return Optional.empty();
    }
  }

  // ------------------------------------------------------------------ subscriptions

  synchronized JsonObject subscription(String id) {
    return requireSubscription(id).deepCopy();
  }

  synchronized JsonObject subscriptions(FormParams query) {
    Optional<String> customer = query.string("customer");
    String status = query.string("status").orElse(null);
    JsonArray data = new JsonArray();
    subscriptions.values().stream()
        .filter(s -> customer.isEmpty() || customer.get().equals(s.get("customer").getAsString()))
        .filter(
            s ->
                status == null
                    ? !"canceled".equals(s.get("status").getAsString())
                    : status.equals("all") || status.equals(s.get("status").getAsString()))
        .sorted(Comparator.comparingLong((JsonObject s) -> s.get("created").getAsLong()).reversed())
        .forEach(s -> data.add(s.deepCopy()));
    return StripeLists.page(
        "/v1/subscriptions",
        data.asList().stream().map(JsonElement::getAsJsonObject).toList(),
        query);
  }

  /** {@code POST /v1/subscriptions/{id}}: cancel_at_period_end and metadata. */
  synchronized Change updateSubscription(String id, FormParams params, String requestId) {
    JsonObject subscription = requireSubscription(id);
    if ("canceled".equals(subscription.get("status").getAsString())) {
      throw StripeError.invalid(
          "A canceled subscription can only update its cancellation_details and metadata.", null);
    }
    if (params.has("items") || params.has("trial_end") || params.has("pause_collection")) {
      throw StripeError.invalid(
          "The local Stripe stand-in only updates cancel_at_period_end and metadata; "
              + "switch plans on the local portal page.",
          null);
    }
    List<JsonObject> caused = new ArrayList<>();
    JsonObject previous = new JsonObject();
    if (params.has("metadata")) {
      JsonObject metadata = subscription.getAsJsonObject("metadata");
      JsonObject before = metadata.deepCopy();
      mergeMetadata(metadata, params.hash("metadata"));
      if (!before.equals(metadata)) {
        previous.add("metadata", before);
      }
    }
    Optional<Boolean> cancel = params.bool("cancel_at_period_end");
    if (cancel.isPresent()
        && cancel.get() != subscription.get("cancel_at_period_end").getAsBoolean()) {
      Change change = setCancelAtPeriodEnd(subscription, cancel.get(), requestId);
      if (previous.isEmpty()) {
        return saved(change);
      }
      caused.addAll(change.events());
    }
    if (!previous.isEmpty()) {
      caused.add(
          record(
              objects.event(
                  "customer.subscription.updated",
                  now(),
                  subscription,
                  previous,
                  requestId,
                  null)));
    }
    return saved(new Change(subscription.deepCopy(), caused));
  }

  /** {@code DELETE /v1/subscriptions/{id}}: cancels now. */
  synchronized Change cancelSubscription(String id, String requestId) {
    JsonObject subscription = requireSubscription(id);
    if ("canceled".equals(subscription.get("status").getAsString())) {
      throw StripeError.invalid("This subscription has already been canceled.", null);
    }
    return saved(cancelNow(subscription, "cancellation_requested", requestId));
  }

  private JsonObject requireSubscription(String id) {
    JsonObject subscription = subscriptions.get(id);
    if (subscription == null) {
      throw StripeError.noSuch("subscription", id, "id");
    }
    return subscription;
  }

  private Change setCancelAtPeriodEnd(JsonObject subscription, boolean cancel, String requestId) {
    requireNotCanceled(subscription);
    if (subscription.get("cancel_at_period_end").getAsBoolean() == cancel) {
      throw StripeError.invalid(
          cancel
              ? "The subscription is already set to cancel at the end of the period."
              : "The subscription is not set to cancel.",
          "cancel_at_period_end");
    }
    long now = now();
    JsonObject previous = new JsonObject();
    previous.add("cancel_at", subscription.get("cancel_at"));
    previous.addProperty("cancel_at_period_end", !cancel);
    previous.add("cancellation_details", subscription.get("cancellation_details").deepCopy());
    subscription.addProperty("cancel_at_period_end", cancel);
    if (cancel) {
      subscription.addProperty(
          "cancel_at", item(subscription).get("current_period_end").getAsLong());
      subscription.add(
          "cancellation_details", StripeObjects.cancellationDetails("cancellation_requested"));
    } else {
      subscription.add("cancel_at", JsonNull.INSTANCE);
      subscription.add("cancellation_details", StripeObjects.cancellationDetails(null));
    }
    return new Change(
        subscription.deepCopy(),
        List.of(
            record(
                objects.event(
                    "customer.subscription.updated",
                    now,
                    subscription,
                    previous,
                    requestId,
                    null))));
  }

  private Change cancelNow(JsonObject subscription, String reason, String requestId) {
    requireNotCanceled(subscription);
    long now = now();
    subscription.addProperty("status", "canceled");
    subscription.addProperty("canceled_at", now);
    subscription.addProperty("ended_at", now);
    subscription.add("cancellation_details", StripeObjects.cancellationDetails(reason));
    List<JsonObject> caused = new ArrayList<>();
    caused.add(
        record(
            objects.event(
                "customer.subscription.deleted", now, subscription, null, requestId, null)));
    entitlementsChanged(subscription.get("customer").getAsString(), now).ifPresent(caused::add);
    return new Change(subscription.deepCopy(), caused);
  }

  private Change switchPlan(JsonObject subscription, String priceId) {
    requireNotCanceled(subscription);
    if (priceId == null || priceId.isBlank()) {
      throw StripeError.missingParam("price");
    }
    PriceMatch price =
        objects
            .priceMatch(priceId)
            .orElseThrow(() -> StripeError.noSuch("price", priceId, "price"));
    if (price.cycle() == BillingCycle.ONE_TIME) {
      throw StripeError.invalid("A subscription can only switch to a recurring price.", "price");
    }
    JsonObject item = item(subscription);
    if (item.getAsJsonObject("price").get("id").getAsString().equals(priceId)) {
      throw StripeError.invalid("The subscription is already on this price.", "price");
    }
    long now = now();
    JsonObject previous = new JsonObject();
    JsonObject previousItems = new JsonObject();
    JsonArray previousData = new JsonArray();
    previousData.add(item.deepCopy());
    previousItems.add("data", previousData);
    previous.add("items", previousItems);
    item.add("price", objects.price(price));
    item.add("plan", objects.plan(price));
    if (!subscription.get("currency").getAsString().equals(price.price().currency())) {
      previous.add("currency", subscription.get("currency"));
      subscription.addProperty("currency", price.price().currency());
    }
    List<JsonObject> caused = new ArrayList<>();
    caused.add(
        record(
            objects.event(
                "customer.subscription.updated", now, subscription, previous, null, null)));
    entitlementsChanged(subscription.get("customer").getAsString(), now).ifPresent(caused::add);
    return new Change(subscription.deepCopy(), caused);
  }

  /**
   * The period ends and the renewal is paid. A past-due subscription pays its open invoice instead;
   * one set to cancel at period end ends; a trial turns into a paid period.
   */
  private Change renew(JsonObject subscription) {
    requireNotCanceled(subscription);
    Optional<JsonObject> open = openInvoice(subscription);
    if (open.isPresent()) {
      return payInvoice(open.get());
    }
    if (subscription.get("cancel_at_period_end").getAsBoolean()) {
      return cancelNow(subscription, "cancellation_requested", null);
    }
    long now = now();
    List<JsonObject> caused = new ArrayList<>();
    JsonObject previous = rollPeriod(subscription, now);
    JsonObject customer = customers.get(subscription.get("customer").getAsString());
    JsonObject invoice = newInvoice(customer, subscription, "subscription_cycle", false, now);
    markPaid(invoice, now);
    previous.add("latest_invoice", subscription.get("latest_invoice"));
    subscription.addProperty("latest_invoice", invoice.get("id").getAsString());
    caused.add(
        record(
            objects.event(
                "customer.subscription.updated", now, subscription, previous, null, null)));
    caused.add(record(objects.event("invoice.paid", now, invoice, null, null, null)));
    return new Change(subscription.deepCopy(), caused);
  }

  /**
   * The renewal charge fails: the period rolls over, the new invoice stays open with a retry
   * scheduled, the customer turns delinquent and the subscription past_due. Failing again retries
   * the open invoice; after {@value #MAX_PAYMENT_ATTEMPTS} attempts the subscription is canceled
   * (reason payment_failed).
   */
  private Change failRenewal(JsonObject subscription) {
    requireNotCanceled(subscription);
    long now = now();
    List<JsonObject> caused = new ArrayList<>();
    JsonObject customer = customers.get(subscription.get("customer").getAsString());
    Optional<JsonObject> open = openInvoice(subscription);
    JsonObject invoice;
    if (open.isPresent()) {
      invoice = open.get();
    } else {
      JsonObject previous = rollPeriod(subscription, now);
      invoice = newInvoice(customer, subscription, "subscription_cycle", false, now);
      previous.add("latest_invoice", subscription.get("latest_invoice"));
      subscription.addProperty("latest_invoice", invoice.get("id").getAsString());
      caused.add(
          record(
              objects.event(
                  "customer.subscription.updated", now, subscription, previous, null, null)));
    }
    int attempts = invoice.get("attempt_count").getAsInt() + 1;
    invoice.addProperty("attempt_count", attempts);
    invoice.addProperty("attempted", true);
    boolean giveUp = attempts >= MAX_PAYMENT_ATTEMPTS;
    invoice.add(
        "next_payment_attempt",
        giveUp ? JsonNull.INSTANCE : new JsonPrimitive(now + RETRY_INTERVAL_SECONDS));
    caused.add(record(objects.event("invoice.payment_failed", now, invoice, null, null, null)));
    if (!customer.get("delinquent").getAsBoolean()) {
      JsonObject previous = new JsonObject();
      previous.addProperty("delinquent", false);
      customer.addProperty("delinquent", true);
      caused.add(record(objects.event("customer.updated", now, customer, previous, null, null)));
    }
    if (giveUp) {
      caused.addAll(cancelNow(subscription, "payment_failed", null).events());
    } else if (!"past_due".equals(subscription.get("status").getAsString())) {
      JsonObject previous = new JsonObject();
      previous.add("status", subscription.get("status"));
      subscription.addProperty("status", "past_due");
      caused.add(
          record(
              objects.event(
                  "customer.subscription.updated", now, subscription, previous, null, null)));
    }
    return new Change(subscription.deepCopy(), caused);
  }

  /** Starts the next period now; returns the previous attributes it changed. */
  private JsonObject rollPeriod(JsonObject subscription, long now) {
    JsonObject item = item(subscription);
    JsonObject previous = new JsonObject();
    JsonObject previousItems = new JsonObject();
    JsonArray previousData = new JsonArray();
    previousData.add(item.deepCopy());
    previousItems.add("data", previousData);
    previous.add("items", previousItems);
    PriceMatch price =
        objects.priceMatch(item.getAsJsonObject("price").get("id").getAsString()).orElseThrow();
    item.addProperty("current_period_start", now);
    item.addProperty("current_period_end", StripeObjects.periodEnd(now, price.cycle()));
    if ("trialing".equals(subscription.get("status").getAsString())) {
      previous.addProperty("status", "trialing");
      previous.add("trial_end", subscription.get("trial_end"));
      subscription.addProperty("status", "active");
      subscription.addProperty("trial_end", now);
    }
    if (subscription.get("cancel_at_period_end").getAsBoolean()) {
      subscription.addProperty("cancel_at", item.get("current_period_end").getAsLong());
    }
    return previous;
  }

  private Optional<JsonObject> openInvoice(JsonObject subscription) {
    JsonElement latest = subscription.get("latest_invoice");
    if (latest == null || latest.isJsonNull()) {
      return Optional.empty();
    }
    JsonObject invoice = invoices.get(latest.getAsString());
    return invoice != null && "open".equals(invoice.get("status").getAsString())
        ? Optional.of(invoice)
        : Optional.empty();
  }

  private static void requireNotCanceled(JsonObject subscription) {
    if ("canceled".equals(subscription.get("status").getAsString())) {
      throw StripeError.invalid(
          "This subscription is canceled; a canceled subscription cannot be changed.", null);
    }
  }

  private static JsonObject item(JsonObject subscription) {
    return subscription.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject();
  }

  private Collection<JsonObject> subscriptionsOf(String customerId) {
    return subscriptions.values().stream()
        .filter(s -> customerId.equals(s.get("customer").getAsString()))
        .toList();
  }

  // ------------------------------------------------------------------ invoices

  synchronized JsonObject invoice(String id) {
    return requireInvoice(id).deepCopy();
  }

  synchronized JsonObject invoices(FormParams query) {
    Optional<String> customer = query.string("customer");
    Optional<String> subscription = query.string("subscription");
    JsonArray data = new JsonArray();
    invoices.values().stream()
        .filter(i -> customer.isEmpty() || customer.get().equals(i.get("customer").getAsString()))
        .filter(i -> subscription.isEmpty() || subscription.get().equals(subscriptionOf(i)))
        .sorted(Comparator.comparingLong((JsonObject i) -> i.get("created").getAsLong()).reversed())
        .forEach(i -> data.add(i.deepCopy()));
    return StripeLists.page(
        "/v1/invoices", data.asList().stream().map(JsonElement::getAsJsonObject).toList(), query);
  }

  synchronized Optional<JsonObject> invoiceView(String id) {
    return Optional.ofNullable(invoices.get(id)).map(JsonObject::deepCopy);
  }

  /** The customer pays an open invoice on its hosted page (or a retry succeeds). */
  synchronized Change payOpenInvoice(String invoiceId) {
    JsonObject invoice = requireInvoice(invoiceId);
    if (!"open".equals(invoice.get("status").getAsString())) {
      throw StripeError.invalid(
          "Invoice is already " + invoice.get("status").getAsString() + ".", null);
    }
    return saved(payInvoice(invoice));
  }

  private Change payInvoice(JsonObject invoice) {
    long now = now();
    invoice.addProperty("attempt_count", invoice.get("attempt_count").getAsInt() + 1);
    markPaid(invoice, now);
    List<JsonObject> caused = new ArrayList<>();
    caused.add(record(objects.event("invoice.paid", now, invoice, null, null, null)));
    JsonObject customer = customers.get(invoice.get("customer").getAsString());
    if (customer.get("delinquent").getAsBoolean()) {
      JsonObject previous = new JsonObject();
      previous.addProperty("delinquent", true);
      customer.addProperty("delinquent", false);
      caused.add(record(objects.event("customer.updated", now, customer, previous, null, null)));
    }
    String subscriptionId = subscriptionOf(invoice);
    JsonObject subscription = subscriptionId == null ? null : subscriptions.get(subscriptionId);
    if (subscription != null && "past_due".equals(subscription.get("status").getAsString())) {
      JsonObject previous = new JsonObject();
      previous.addProperty("status", "past_due");
      subscription.addProperty("status", "active");
      caused.add(
          record(
              objects.event(
                  "customer.subscription.updated", now, subscription, previous, null, null)));
    }
    return new Change(invoice.deepCopy(), caused);
  }

  private JsonObject newInvoice(
      JsonObject customer, JsonObject subscription, String billingReason, boolean trial, long now) {
    JsonObject item = item(subscription);
    PriceMatch price =
        objects.priceMatch(item.getAsJsonObject("price").get("id").getAsString()).orElseThrow();
    int sequence = customer.get("next_invoice_sequence").getAsInt();
    customer.addProperty("next_invoice_sequence", sequence + 1);
    String number =
        customer.get("invoice_prefix").getAsString() + "-" + String.format("%04d", sequence);
    String id = Ids.invoice();
    JsonObject invoice =
        objects.invoice(
            id,
            new InvoiceRequest(
                customer.get("id").getAsString(),
                string(customer, "email"),
                string(customer, "name"),
                subscription.get("id").getAsString(),
                subscription.getAsJsonObject("metadata").deepCopy(),
                item.get("id").getAsString(),
                price,
                item.get("quantity").getAsLong(),
                item.get("current_period_start").getAsLong(),
                item.get("current_period_end").getAsLong(),
                billingReason,
                trial,
                number),
            now);
    invoices.put(id, invoice);
    return invoice;
  }

  private static void markPaid(JsonObject invoice, long now) {
    long due = invoice.get("amount_due").getAsLong();
    invoice.addProperty("status", "paid");
    invoice.addProperty("amount_paid", due);
    invoice.addProperty("amount_remaining", 0);
    invoice.addProperty("attempted", true);
    if (due > 0 && invoice.get("attempt_count").getAsInt() == 0) {
      invoice.addProperty("attempt_count", 1);
    }
    invoice.add("next_payment_attempt", JsonNull.INSTANCE);
    invoice.addProperty("auto_advance", false);
    invoice.getAsJsonObject("status_transitions").addProperty("paid_at", now);
    invoice.addProperty("webhooks_delivered_at", now);
  }

  private static String subscriptionOf(JsonObject invoice) {
    JsonElement parent = invoice.get("parent");
    if (parent == null || !parent.isJsonObject()) {
      return null;
    }
    JsonElement details = parent.getAsJsonObject().get("subscription_details");
    return details != null && details.isJsonObject()
        ? string(details.getAsJsonObject(), "subscription")
        : null;
  }

  private JsonObject requireInvoice(String id) {
    JsonObject invoice = invoices.get(id);
    if (invoice == null) {
      throw StripeError.noSuch("invoice", id, "id");
    }
    return invoice;
  }

  // ------------------------------------------------------------------ entitlements, catalog,
  // events

  synchronized JsonObject activeEntitlements(FormParams query) {
    String customerId =
        query.string("customer").orElseThrow(() -> StripeError.missingParam("customer"));
    requireCustomer(customerId, "customer");
    JsonArray data = new JsonArray();
    for (String key : entitledKeys(customerId)) {
      data.add(objects.activeEntitlement(customerId, key));
    }
    return StripeLists.page(
        "/v1/entitlements/active_entitlements",
        data.asList().stream().map(JsonElement::getAsJsonObject).toList(),
        query);
  }

  /**
   * Features of the plans the customer's live subscriptions are on (what Stripe Entitlements
   * grants).
   */
  private List<String> entitledKeys(String customerId) {
    Set<String> keys = new TreeSet<>();
    for (JsonObject subscription : subscriptionsOf(customerId)) {
      String status = subscription.get("status").getAsString();
      if (Set.of("active", "trialing", "past_due").contains(status)) {
        objects
            .priceMatch(item(subscription).getAsJsonObject("price").get("id").getAsString())
            .ifPresent(match -> keys.addAll(match.entry().features()));
      }
    }
    return List.copyOf(keys);
  }

  private Optional<JsonObject> entitlementsChanged(String customerId, long now) {
    List<String> current = entitledKeys(customerId);
    List<String> before = entitlements.getOrDefault(customerId, List.of());
    if (current.equals(before)) {
      return Optional.empty();
    }
    entitlements.put(customerId, current);
    JsonObject previous = new JsonObject();
    JsonObject previousEntitlements = new JsonObject();
    JsonArray previousData = new JsonArray();
    before.forEach(key -> previousData.add(objects.activeEntitlement(customerId, key)));
    previousEntitlements.add("data", previousData);
    previous.add("entitlements", previousEntitlements);
    return Optional.of(
        record(
            objects.event(
                "entitlements.active_entitlement_summary.updated",
                now,
                objects.activeEntitlementSummary(customerId, current),
                previous,
                null,
                null)));
  }

  JsonObject price(String id) {
    return objects
        .priceMatch(id)
        .map(objects::price)
        .orElseThrow(() -> StripeError.noSuch("price", id, "id"));
  }

  JsonObject product(String id) {
    for (CatalogEntry entry : objects.catalog().entries()) {
      if (StripeObjects.productId(entry).equals(id)) {
        return objects.product(entry);
      }
    }
    throw StripeError.noSuch("product", id, "id");
  }

  JsonObject prices() {
    JsonArray data = new JsonArray();
    Set<String> seen = new LinkedHashSet<>();
    for (CatalogEntry entry : objects.catalog().entries()) {
      entry
          .prices()
          .values()
          .forEach(
              p -> {
                if (seen.add(p.priceId())) {
                  objects.priceMatch(p.priceId()).map(objects::price).ifPresent(data::add);
                }
              });
    }
    return StripeObjects.list("/v1/prices", data);
  }

  synchronized JsonObject event(String id) {
    JsonObject event = events.get(id);
    if (event == null) {
      throw StripeError.noSuch("event", id, "id");
    }
    return event.deepCopy();
  }

  /** The 100 newest events. */
  synchronized JsonObject eventList() {
    return eventList(FormParams.parse("limit=100"));
  }

  /**
   * {@code GET /v1/events} as Stripe lists it: newest first, filtered by {@code type} or {@code
   * types[]}, {@code created} ({@code [gt]}, {@code [gte]}, {@code [lt]}, {@code [lte]} or exact)
   * and {@code delivery_success} (false: an endpoint has not acknowledged it yet, {@code
   * pending_webhooks > 0}), paged by {@code limit} (default 10, at most 100) and {@code
   * starting_after} / {@code ending_before}.
   */
  synchronized JsonObject eventList(FormParams params) {
    long limit = params.integer("limit").orElse(10L);
    if (limit < 1 || limit > 100) {
      throw StripeError.invalid(
          "Invalid integer: " + limit + " (limit must be between 1 and 100)", "limit");
    }
    Set<String> types = new LinkedHashSet<>();
    params.strings("types").forEach(t -> types.add(t.getAsString()));
    Optional<String> type = params.string("type");
    if (type.isPresent() && !types.isEmpty()) {
      throw StripeError.invalid("You may pass either type or types, but not both.", "types");
    }
    Optional<Boolean> deliverySuccess = params.bool("delivery_success");
    List<JsonObject> matching = new ArrayList<>();
    for (JsonObject event : events.values()) {
      String eventType = event.get("type").getAsString();
      long created = event.get("created").getAsLong();
      boolean pending = event.get("pending_webhooks").getAsInt() > 0;
      if ((!types.isEmpty() && !types.contains(eventType))
          || (type.isPresent() && !typeMatches(type.get(), eventType))
          || !createdMatches(params, created)
          || (deliverySuccess.isPresent() && deliverySuccess.get() == pending)) {
        continue;
      }
      matching.add(event);
    }
    java.util.Collections.reverse(matching); // newest first
    int from = 0;
    int to = matching.size();
    Optional<String> startingAfter = params.string("starting_after");
    Optional<String> endingBefore = params.string("ending_before");
    if (startingAfter.isPresent()) {
      from = countBefore(matching, startingAfter.get(), "starting_after", true);
    } else if (endingBefore.isPresent()) {
      to = countBefore(matching, endingBefore.get(), "ending_before", false);
      from = (int) Math.max(0, to - limit);
    }
    int end = (int) Math.min(to, from + limit);
    JsonArray data = new JsonArray();
    matching.subList(Math.min(from, end), end).forEach(e -> data.add(e.deepCopy()));
    JsonObject list = StripeObjects.list("/v1/events", data);
    boolean hasMore = endingBefore.isPresent() && startingAfter.isEmpty() ? from > 0 : end < to;
    list.addProperty("has_more", hasMore);
    return list;
  }

  /** Stripe accepts a trailing wildcard in {@code type} ({@code invoice.*}). */
  private static boolean typeMatches(String filter, String type) {
    return filter.endsWith("*")
        ? type.startsWith(filter.substring(0, filter.length() - 1))
        : filter.equals(type);
  }

  private static boolean createdMatches(FormParams params, long created) {
    if (params.has("created") && params.hash("created").isEmpty()) {
      return params.integer("created").map(exact -> created == exact).orElse(true);
    }
    return params.integer("created", "gt").map(v -> created > v).orElse(true)
        && params.integer("created", "gte").map(v -> created >= v).orElse(true)
        && params.integer("created", "lt").map(v -> created < v).orElse(true)
        && params.integer("created", "lte").map(v -> created <= v).orElse(true);
  }

  /**
   * How many events of the newest-first {@code matching} list come before the cursor: those newer
   * than it, plus the cursor itself when {@code afterCursor}. The cursor need not match the filters
   * (an event delivered between two pages of {@code delivery_success=false}); an unknown id is
   * resource_missing.
   */
  private int countBefore(List<JsonObject> matching, String id, String param, boolean afterCursor) {
    if (!events.containsKey(id)) {
      throw StripeError.noSuch("event", id, param);
    }
    List<String> oldestFirst = new ArrayList<>(events.keySet());
    int cursor = oldestFirst.indexOf(id);
    int count = 0;
    for (JsonObject event : matching) {
      int position = oldestFirst.indexOf(id(event));
      if (position > cursor || (afterCursor && position == cursor)) {
        count++;
      }
    }
    return count;
  }

  /**
   * The webhook endpoint answered 2xx to the event: it no longer counts as pending ({@code
   * delivery_success=true}). Until then it stays {@code pending_webhooks: 1}, also after the sender
   * gave up, as at Stripe, which keeps retrying for three days.
   */
  synchronized void webhookDelivered(String eventId) {
    JsonObject event = events.get(eventId);
    if (event != null && event.get("pending_webhooks").getAsInt() != 0) {
      event.addProperty("pending_webhooks", 0);
      save();
    }
  }

  private JsonObject record(JsonObject event) {
    events.put(event.get("id").getAsString(), event);
    return event.deepCopy();
  }

  // ------------------------------------------------------------------ idempotency keys

  /** The saved answer for an {@code Idempotency-Key}, if it was used within the last 24 hours. */
  synchronized Optional<IdempotentResponse> idempotentResponse(String key) {
    IdempotentResponse response = idempotency.get(key);
    return response != null && !expired(response) ? Optional.of(response) : Optional.empty();
  }

  /**
   * Saves the answer to a request sent with an {@code Idempotency-Key} (and forgets expired ones).
   */
  synchronized void rememberIdempotentResponse(String key, IdempotentResponse response) {
    idempotency.values().removeIf(this::expired);
    idempotency.put(key, response);
    save();
  }

  private boolean expired(IdempotentResponse response) {
    return response.created() + IDEMPOTENCY_WINDOW_SECONDS <= now();
  }

  // ------------------------------------------------------------------ the state file

  /** Saves the account (when it has a state file) after a change; returns the change. */
  private Change saved(Change change) {
    save();
    return change;
  }

  private void save() {
    if (stateFile == null) {
      return;
    }
    // Serialized under the lock: each save is a consistent state, and a later save never loses to
    // an earlier one.
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
            idempotency));
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
    idempotency.values().removeIf(this::expired);
    log.info(
        "Stripe stand-in: {} customers, {} subscriptions, {} invoices, {} Checkout Sessions restored from {}",
        customers.size(),
        subscriptions.size(),
        invoices.size(),
        sessions.size(),
        stateFile.path());
  }

  private static String id(JsonObject object) {
    return object.get("id").getAsString();
  }

  // ------------------------------------------------------------------ helpers

  /** Stripe drops metadata keys set to an empty string. */
  private static JsonObject cleanMetadata(JsonObject metadata) {
    JsonObject clean = new JsonObject();
    metadata.entrySet().stream()
        .filter(e -> !e.getValue().getAsString().isEmpty())
        .forEach(e -> clean.add(e.getKey(), e.getValue()));
    return clean;
  }

  private static void mergeMetadata(JsonObject target, JsonObject update) {
    for (Map.Entry<String, JsonElement> entry : update.entrySet()) {
      if (entry.getValue().getAsString().isEmpty()) {
        target.remove(entry.getKey());
      } else {
        target.add(entry.getKey(), entry.getValue());
      }
    }
  }

  private static String string(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }
}
