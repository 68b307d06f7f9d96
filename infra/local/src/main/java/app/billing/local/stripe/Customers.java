package app.billing.local.stripe;

import static app.billing.local.stripe.StripeJson.cleanMetadata;
import static app.billing.local.stripe.StripeJson.mergeMetadata;

import app.billing.local.stripe.StripeBackend.Change;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** {@code /v1/customers}: created by our functions or by Checkout, updated, listed, searched. */
final class Customers {
  private final StripeAccount account;
  private final Subscriptions subscriptions;

  Customers(StripeAccount account, Subscriptions subscriptions) {
    this.account = account;
    this.subscriptions = subscriptions;
  }

  Change create(FormParams params, String requestId, String idempotencyKey) {
    String id = Ids.customer();
    JsonObject customer =
        account.objects.customer(
            id,
            params.string("email").orElse(null),
            params.string("name").orElse(null),
            params.string("description").orElse(null),
            params.string("phone").orElse(null),
            cleanMetadata(params.hash("metadata")),
            account.now());
    account.customers.put(id, customer);
    JsonObject event =
        account.emit("customer.created", account.now(), customer, null, requestId, idempotencyKey);
    return new Change(customer.deepCopy(), List.of(event));
  }

  /** {@code GET /v1/customers}: newest first, paged. */
  JsonObject list(FormParams query) {
    return StripeLists.page("/v1/customers", newestFirst(), query);
  }

  /** {@code GET /v1/customers/search}: newest first, like Stripe's default order. */
  JsonObject search(FormParams query) {
    return StripeLists.search("/v1/customers/search", newestFirst(), query);
  }

  private List<JsonObject> newestFirst() {
    return account.customers.values().stream().sorted(StripeJson.NEWEST_FIRST).toList();
  }

  /** A deleted customer still answers, as {@code {"id", "object", "deleted": true}}. */
  JsonObject retrieve(String id) {
    if (account.deletedCustomers.contains(id)) {
      return StripeObjects.deletedCustomer(id);
    }
    return require(id, "id").deepCopy();
  }

  /**
   * {@code DELETE /v1/customers/{id}}: its live subscriptions are canceled now (with their events),
   * then {@code customer.deleted} carries the customer as it was.
   */
  Change delete(String id, String requestId, String idempotencyKey) {
    JsonObject customer = require(id, "id");
    List<JsonObject> caused = new ArrayList<>();
    for (JsonObject subscription : account.subscriptionsOf(id)) {
      if (!StripeJson.hasStatus(subscription, "canceled")) {
        caused.addAll(
            subscriptions.cancelNow(subscription, "cancellation_requested", requestId).events());
      }
    }
    account.customers.remove(id);
    account.deletedCustomers.add(id);
    caused.add(
        account.emit("customer.deleted", account.now(), customer, null, requestId, idempotencyKey));
    return new Change(StripeObjects.deletedCustomer(id), caused);
  }

  Change update(String id, FormParams params, String requestId, String idempotencyKey) {
    JsonObject customer = require(id, "id");
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
                account.emit(
                    "customer.updated",
                    account.now(),
                    customer,
                    previous,
                    requestId,
                    idempotencyKey));
    return new Change(customer.deepCopy(), caused);
  }

  /** A new card (saved on the portal page) becomes the customer's default for invoices. */
  Change updatePaymentMethod(String customerId) {
    JsonObject customer = account.customers.get(customerId);
    long now = account.now();
    JsonObject settings = customer.getAsJsonObject("invoice_settings");
    JsonObject previousSettings = new JsonObject();
    previousSettings.add("default_payment_method", settings.get("default_payment_method"));
    JsonObject previous = new JsonObject();
    previous.add("invoice_settings", previousSettings);
    settings.addProperty("default_payment_method", Ids.paymentMethod());
    return new Change(
        customer.deepCopy(), List.of(account.emit("customer.updated", now, customer, previous)));
  }

  JsonObject require(String id, String param) {
    return account.customer(id, param);
  }
}
