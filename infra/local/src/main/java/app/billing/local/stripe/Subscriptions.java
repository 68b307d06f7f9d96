package app.billing.local.stripe;

import static app.billing.local.stripe.StripeJson.hasStatus;
import static app.billing.local.stripe.StripeJson.item;
import static app.billing.local.stripe.StripeJson.mergeMetadata;

import app.billing.core.catalog.BillingCycle;
import app.billing.core.catalog.PriceMatch;
import app.billing.local.stripe.StripeBackend.Change;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /v1/subscriptions} and what happens to a subscription over time: cancellation, plan
 * switches, renewals and failed renewals (Smart Retries, then cancellation).
 */
final class Subscriptions {
  /** Stripe's Smart Retries try a failed renewal a few times before giving up. */
  static final int MAX_PAYMENT_ATTEMPTS = 4;

  static final long RETRY_INTERVAL_SECONDS = 3 * 24 * 3600;

  private final StripeAccount account;
  private final Invoices invoices;
  private final Entitlements entitlements;

  Subscriptions(StripeAccount account, Invoices invoices, Entitlements entitlements) {
    this.account = account;
    this.invoices = invoices;
    this.entitlements = entitlements;
  }

  JsonObject retrieve(String id) {
    return require(id).deepCopy();
  }

  /** {@code GET /v1/subscriptions}: by customer and status (default: all but canceled). */
  JsonObject list(FormParams query) {
    Optional<String> customer = query.string("customer");
    String status = query.string("status").orElse(null);
    List<JsonObject> data =
        account.subscriptions.values().stream()
            .filter(
                s -> customer.isEmpty() || customer.get().equals(s.get("customer").getAsString()))
            .filter(
                s ->
                    status == null
                        ? !hasStatus(s, "canceled")
                        : status.equals("all") || hasStatus(s, status))
            .sorted(StripeJson.NEWEST_FIRST)
            .toList();
    return StripeLists.page("/v1/subscriptions", data, query);
  }

  /** {@code POST /v1/subscriptions/{id}}: cancel_at_period_end and metadata. */
  Change update(String id, FormParams params, String requestId) {
    JsonObject subscription = require(id);
    if (hasStatus(subscription, "canceled")) {
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
        return change;
      }
      caused.addAll(change.events());
    }
    if (!previous.isEmpty()) {
      caused.add(
          account.emit(
              "customer.subscription.updated",
              account.now(),
              subscription,
              previous,
              requestId,
              null));
    }
    return new Change(subscription.deepCopy(), caused);
  }

  /** {@code DELETE /v1/subscriptions/{id}}: cancels now. */
  Change cancel(String id, String requestId) {
    JsonObject subscription = require(id);
    if (hasStatus(subscription, "canceled")) {
      throw StripeError.invalid("This subscription has already been canceled.", null);
    }
    return cancelNow(subscription, "cancellation_requested", requestId);
  }

  JsonObject require(String id) {
    JsonObject subscription = account.subscriptions.get(id);
    if (subscription == null) {
      throw StripeError.noSuch("subscription", id, "id");
    }
    return subscription;
  }

  Change setCancelAtPeriodEnd(JsonObject subscription, boolean cancel, String requestId) {
    requireNotCanceled(subscription);
    if (subscription.get("cancel_at_period_end").getAsBoolean() == cancel) {
      throw StripeError.invalid(
          cancel
              ? "The subscription is already set to cancel at the end of the period."
              : "The subscription is not set to cancel.",
          "cancel_at_period_end");
    }
    long now = account.now();
    JsonObject previous = new JsonObject();
    previous.add("cancel_at", subscription.get("cancel_at"));
    previous.addProperty("cancel_at_period_end", !cancel);
    previous.add("cancellation_details", subscription.get("cancellation_details").deepCopy());
    subscription.addProperty("cancel_at_period_end", cancel);
    if (cancel) {
      subscription.addProperty(
          "cancel_at", item(subscription).get("current_period_end").getAsLong());
      subscription.add(
          "cancellation_details",
          SubscriptionObjects.cancellationDetails("cancellation_requested"));
    } else {
      subscription.add("cancel_at", JsonNull.INSTANCE);
      subscription.add("cancellation_details", SubscriptionObjects.cancellationDetails(null));
    }
    return new Change(
        subscription.deepCopy(),
        List.of(
            account.emit(
                "customer.subscription.updated", now, subscription, previous, requestId, null)));
  }

  Change cancelNow(JsonObject subscription, String reason, String requestId) {
    requireNotCanceled(subscription);
    long now = account.now();
    subscription.addProperty("status", "canceled");
    subscription.addProperty("canceled_at", now);
    subscription.addProperty("ended_at", now);
    subscription.add("cancellation_details", SubscriptionObjects.cancellationDetails(reason));
    List<JsonObject> caused = new ArrayList<>();
    caused.add(
        account.emit("customer.subscription.deleted", now, subscription, null, requestId, null));
    entitlements.changed(subscription.get("customer").getAsString(), now).ifPresent(caused::add);
    return new Change(subscription.deepCopy(), caused);
  }

  Change switchPlan(JsonObject subscription, String priceId) {
    requireNotCanceled(subscription);
    if (priceId == null || priceId.isBlank()) {
      throw StripeError.missingParam("price");
    }
    PriceMatch price =
        account
            .objects
            .priceMatch(priceId)
            .orElseThrow(() -> StripeError.noSuch("price", priceId, "price"));
    if (price.cycle() == BillingCycle.ONE_TIME) {
      throw StripeError.invalid("A subscription can only switch to a recurring price.", "price");
    }
    JsonObject item = item(subscription);
    if (item.getAsJsonObject("price").get("id").getAsString().equals(priceId)) {
      throw StripeError.invalid("The subscription is already on this price.", "price");
    }
    long now = account.now();
    JsonObject previous = new JsonObject();
    previous.add("items", previousItems(item));
    item.add("price", account.objects.price(price));
    item.add("plan", account.objects.plan(price));
    if (!subscription.get("currency").getAsString().equals(price.price().currency())) {
      previous.add("currency", subscription.get("currency"));
      subscription.addProperty("currency", price.price().currency());
    }
    List<JsonObject> caused = new ArrayList<>();
    caused.add(account.emit("customer.subscription.updated", now, subscription, previous));
    entitlements.changed(subscription.get("customer").getAsString(), now).ifPresent(caused::add);
    return new Change(subscription.deepCopy(), caused);
  }

  /**
   * The period ends and the renewal is paid. A past-due subscription pays its open invoice instead;
   * one set to cancel at period end ends; a trial turns into a paid period.
   */
  Change renew(JsonObject subscription) {
    requireNotCanceled(subscription);
    Optional<JsonObject> open = invoices.openInvoiceOf(subscription);
    if (open.isPresent()) {
      return invoices.pay(open.get());
    }
    if (subscription.get("cancel_at_period_end").getAsBoolean()) {
      return cancelNow(subscription, "cancellation_requested", null);
    }
    long now = account.now();
    List<JsonObject> caused = new ArrayList<>();
    JsonObject previous = rollPeriod(subscription, now);
    JsonObject customer = account.customers.get(subscription.get("customer").getAsString());
    JsonObject invoice = invoices.create(customer, subscription, "subscription_cycle", false, now);
    JsonObject finalized = invoices.finalizedEvent(invoice, now);
    Invoices.markPaid(invoice, now);
    previous.add("latest_invoice", subscription.get("latest_invoice"));
    subscription.addProperty("latest_invoice", invoice.get("id").getAsString());
    caused.add(account.emit("customer.subscription.updated", now, subscription, previous));
    caused.add(finalized);
    caused.addAll(invoices.paidEvents(invoice, now));
    return new Change(subscription.deepCopy(), caused);
  }

  /**
   * The renewal charge fails: the period rolls over, the new invoice stays open with a retry
   * scheduled, the customer turns delinquent and the subscription past_due. Failing again retries
   * the open invoice; after {@value #MAX_PAYMENT_ATTEMPTS} attempts the subscription is canceled
   * (reason payment_failed).
   */
  Change failRenewal(JsonObject subscription) {
    requireNotCanceled(subscription);
    long now = account.now();
    List<JsonObject> caused = new ArrayList<>();
    JsonObject customer = account.customers.get(subscription.get("customer").getAsString());
    Optional<JsonObject> open = invoices.openInvoiceOf(subscription);
    JsonObject invoice;
    if (open.isPresent()) {
      invoice = open.get();
    } else {
      JsonObject previous = rollPeriod(subscription, now);
      invoice = invoices.create(customer, subscription, "subscription_cycle", false, now);
      previous.add("latest_invoice", subscription.get("latest_invoice"));
      subscription.addProperty("latest_invoice", invoice.get("id").getAsString());
      caused.add(account.emit("customer.subscription.updated", now, subscription, previous));
      caused.add(invoices.finalizedEvent(invoice, now));
    }
    int attempts = invoice.get("attempt_count").getAsInt() + 1;
    invoice.addProperty("attempt_count", attempts);
    invoice.addProperty("attempted", true);
    boolean giveUp = attempts >= MAX_PAYMENT_ATTEMPTS;
    invoice.add(
        "next_payment_attempt",
        giveUp ? JsonNull.INSTANCE : new JsonPrimitive(now + RETRY_INTERVAL_SECONDS));
    caused.add(account.emit("invoice.payment_failed", now, invoice, null));
    if (!customer.get("delinquent").getAsBoolean()) {
      JsonObject previous = new JsonObject();
      previous.addProperty("delinquent", false);
      customer.addProperty("delinquent", true);
      caused.add(account.emit("customer.updated", now, customer, previous));
    }
    if (giveUp) {
      caused.addAll(cancelNow(subscription, "payment_failed", null).events());
    } else if (!hasStatus(subscription, "past_due")) {
      JsonObject previous = new JsonObject();
      previous.add("status", subscription.get("status"));
      subscription.addProperty("status", "past_due");
      caused.add(account.emit("customer.subscription.updated", now, subscription, previous));
    }
    return new Change(subscription.deepCopy(), caused);
  }

  /** Starts the next period now; returns the previous attributes it changed. */
  private JsonObject rollPeriod(JsonObject subscription, long now) {
    JsonObject item = item(subscription);
    JsonObject previous = new JsonObject();
    previous.add("items", previousItems(item));
    PriceMatch price =
        account
            .objects
            .priceMatch(item.getAsJsonObject("price").get("id").getAsString())
            .orElseThrow();
    item.addProperty("current_period_start", now);
    item.addProperty("current_period_end", StripeObjects.periodEnd(now, price.cycle()));
    if (hasStatus(subscription, "trialing")) {
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

  /** {@code previous_attributes.items} before an item changes. */
  private static JsonObject previousItems(JsonObject item) {
    JsonObject previousItems = new JsonObject();
    JsonArray previousData = new JsonArray();
    previousData.add(item.deepCopy());
    previousItems.add("data", previousData);
    return previousItems;
  }

  static void requireNotCanceled(JsonObject subscription) {
    if (hasStatus(subscription, "canceled")) {
      throw StripeError.invalid(
          "This subscription is canceled; a canceled subscription cannot be changed.", null);
    }
  }
}
