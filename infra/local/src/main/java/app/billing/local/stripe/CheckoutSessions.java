package app.billing.local.stripe;

import static app.billing.local.stripe.StripeJson.cleanMetadata;

import app.billing.core.catalog.BillingCycle;
import app.billing.core.catalog.CatalogMeter;
import app.billing.core.catalog.PriceMatch;
import app.billing.local.stripe.CheckoutObjects.CheckoutRequest;
import app.billing.local.stripe.CheckoutObjects.LineItemRequest;
import app.billing.local.stripe.StripeBackend.Change;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /v1/checkout/sessions}: hosted Checkout in {@code subscription} or {@code payment} mode,
 * and what happens when the customer pays on the local checkout page.
 */
final class CheckoutSessions {
  /** What the local checkout page shows. */
  record CheckoutView(
      JsonObject session,
      List<LineItemRequest> lineItems,
      Long trialDays,
      String email,
      boolean manualCapture,
      String paymentIntentStatus) {}

  private final StripeAccount account;
  private final CheckoutObjects objects;
  private final Customers customers;
  private final CheckoutPayment payment;

  CheckoutSessions(StripeAccount account, Customers customers, CheckoutPayment payment) {
    this.account = account;
    this.objects = new CheckoutObjects(account.objects);
    this.customers = customers;
    this.payment = payment;
  }

  Change create(FormParams params, String requestId) {
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
      customers.require(customerId, "customer");
    }
    String customerEmail = params.string("customer_email").orElse(null);
    if (customerId != null && customerEmail != null) {
      throw StripeError.invalid(
          "You may only specify one of these parameters: customer, customer_email.",
          "customer_email");
    }
    List<LineItemRequest> lineItems = lineItems(params, mode);
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
            params.string("locale").orElse(null),
            captureMethod(params, mode),
            meteredPrices(params));
    String id = Ids.checkoutSession();
    JsonObject session = objects.session(id, request, account.now());
    account.sessions.put(id, session);
    account.checkoutRequests.put(id, request);
    return new Change(session.deepCopy(), List.of());
  }

  private static String captureMethod(FormParams params, String mode) {
    String method = params.string("payment_intent_data", "capture_method").orElse(null);
    if (method == null) {
      return null;
    }
    if (!mode.equals("payment")) {
      throw StripeError.invalid(
          "payment_intent_data is only allowed in `payment` mode.", "payment_intent_data");
    }
    if (!List.of("automatic", "automatic_async", "manual").contains(method)) {
      throw StripeError.invalid(
          "Invalid payment_intent_data[capture_method]: " + method,
          "payment_intent_data[capture_method]");
    }
    return method;
  }

  private List<LineItemRequest> lineItems(FormParams params, String mode) {
    List<FormParams> items = params.list("line_items");
    if (items.isEmpty()) {
      throw StripeError.missingParam("line_items");
    }
    List<LineItemRequest> lineItems = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      FormParams item = items.get(i);
      String param = "line_items[" + i + "][price]";
      String priceId = item.string("price").orElseThrow(() -> StripeError.missingParam(param));
      if (meter(priceId).isPresent()) {
        metered(item, i, mode);
        continue;
      }
      PriceMatch price =
          account
              .objects
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
    return lineItems;
  }

  /** A plan's metered price (catalog {@code meters}), if {@code priceId} is one. */
  private Optional<CatalogMeter> meter(String priceId) {
    return account.objects.catalog().entries().stream()
        .flatMap(entry -> entry.meters().stream())
        .filter(meter -> meter.price().equals(priceId))
        .findFirst();
  }

  /** What Stripe refuses of a metered price's line item: a quantity, or {@code payment} mode. */
  private static void metered(FormParams item, int i, String mode) {
    if (item.has("quantity")) {
      throw StripeError.invalid(
          "Quantity should not be specified where usage_type is `metered`. Remove quantity from"
              + " `line_items["
              + i
              + "]`.",
          "line_items[" + i + "][quantity]");
    }
    if (!mode.equals("subscription")) {
      throw StripeError.invalid(
          "You specified `payment` mode but passed a recurring price. Either switch to "
              + "`subscription` mode or use only one-time prices.",
          "line_items[" + i + "][price]");
    }
  }

  /** The metered prices among the line items (validated by {@link #lineItems}). */
  private List<String> meteredPrices(FormParams params) {
    return params.list("line_items").stream()
        .map(item -> item.string("price").orElse(""))
        .filter(price -> meter(price).isPresent())
        .toList();
  }

  JsonObject retrieve(String id) {
    return require(id).deepCopy();
  }

  /**
   * {@code GET /v1/checkout/sessions}, filtered by {@code payment_intent} and {@code customer} as
   * Stripe does (e.g. provisioning finds the purchase of a payment intent this way).
   */
  JsonObject list(FormParams query) {
    Optional<String> intent = query.string("payment_intent");
    Optional<String> customer = query.string("customer");
    List<JsonObject> data =
        account.sessions.values().stream()
            .filter(
                s ->
                    intent.isEmpty() || intent.get().equals(StripeJson.string(s, "payment_intent")))
            .filter(
                s -> customer.isEmpty() || customer.get().equals(StripeJson.string(s, "customer")))
            .sorted(StripeJson.NEWEST_FIRST)
            .map(JsonObject::deepCopy)
            .toList();
    return StripeLists.page("/v1/checkout/sessions", data, query);
  }

  JsonObject lineItems(String id) {
    require(id);
    CheckoutRequest request = account.checkoutRequests.get(id);
    JsonArray data = new JsonArray();
    for (int i = 0; i < request.lineItems().size(); i++) {
      data.add(objects.lineItem(id, i, request.lineItems().get(i)));
    }
    return StripeObjects.list("/v1/checkout/sessions/" + id + "/line_items", data);
  }

  Change expire(String id, String requestId) {
    JsonObject session = require(id);
    if (!"open".equals(session.get("status").getAsString())) {
      throw StripeError.invalid(
          "Only Checkout Sessions with a status in [\"open\"] can be expired.", null);
    }
    session.addProperty("status", "expired");
    JsonObject event =
        account.emit("checkout.session.expired", account.now(), session, null, requestId, null);
    return new Change(session.deepCopy(), List.of(event));
  }

  private JsonObject require(String id) {
    JsonObject session = account.sessions.get(id);
    if (session == null) {
      throw StripeError.noSuch("checkout.session", id, "session");
    }
    return session;
  }

  Optional<CheckoutView> view(String id) {
    JsonObject session = account.sessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    CheckoutRequest request = account.checkoutRequests.get(id);
    String email = request.customerEmail();
    JsonObject customer =
        request.customerId() == null ? null : account.customers.get(request.customerId());
    if (customer != null) {
      JsonElement customerEmail = customer.get("email");
      email = customerEmail.isJsonNull() ? null : customerEmail.getAsString();
    }
    String intentStatus =
        payment.intentOfSession(session).map(pi -> pi.get("status").getAsString()).orElse(null);
    return Optional.of(
        new CheckoutView(
            session.deepCopy(),
            request.lineItems(),
            request.trialPeriodDays(),
            email,
            request.manualCapture(),
            intentStatus));
  }

  /**
   * The customer paid on the hosted page: Checkout creates the customer when none was passed, then
   * {@link CheckoutPayment} completes the session.
   */
  Change pay(String sessionId) {
    JsonObject session = require(sessionId);
    if (!"open".equals(session.get("status").getAsString())) {
      throw StripeError.invalid(
          "This Checkout Session is no longer active (status "
              + session.get("status").getAsString()
              + ").",
          null);
    }
    CheckoutRequest request = account.checkoutRequests.get(sessionId);
    if (request.customerId() != null) {
      account.customer(request.customerId(), "customer"); // deleted since the session was created
    }
    long now = account.now();
    JsonObject customer =
        request.customerId() != null ? account.customers.get(request.customerId()) : null;
    if (customer == null) {
      // Checkout creates the customer itself when none was passed (always for subscriptions).
      String id = Ids.customer();
      customer =
          account.objects.customer(
              id, request.customerEmail(), null, null, null, new JsonObject(), now);
      account.customers.put(id, customer);
      session.addProperty("customer", id);
    }
    session.add("customer_details", objects.customerDetails(customer, request.customerEmail()));
    session.addProperty("status", "complete");
    List<JsonObject> caused =
        request.mode().equals("subscription")
            ? payment.subscribe(session, request, customer, now)
            : payment.payOnce(session, request, customer, now);
    return new Change(session.deepCopy(), caused);
  }
}
