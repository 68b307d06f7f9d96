package app.billing.local.stripe;

import static app.billing.local.stripe.StripeJson.item;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stripe Entitlements: a customer has the features of the plans its live subscriptions are on;
 * {@code GET /v1/entitlements/active_entitlements} lists them, and every change sends {@code
 * entitlements.active_entitlement_summary.updated}.
 */
final class Entitlements {
  private static final Set<String> LIVE = Set.of("active", "trialing", "past_due");

  private final StripeAccount account;

  Entitlements(StripeAccount account) {
    this.account = account;
  }

  /** {@code GET /v1/entitlements/active_entitlements?customer=...}: by lookup key, paged. */
  JsonObject active(FormParams query) {
    String customerId =
        query.string("customer").orElseThrow(() -> StripeError.missingParam("customer"));
    account.customer(customerId, "customer");
    List<JsonObject> data = new ArrayList<>();
    for (String key : entitledKeys(customerId)) {
      data.add(account.objects.activeEntitlement(customerId, key));
    }
    return StripeLists.page("/v1/entitlements/active_entitlements", data, query);
  }

  /** Features of the plans the customer's live subscriptions are on, sorted. */
  private List<String> entitledKeys(String customerId) {
    Set<String> keys = new TreeSet<>();
    for (JsonObject subscription : account.subscriptionsOf(customerId)) {
      if (LIVE.contains(subscription.get("status").getAsString())) {
        account
            .objects
            .priceMatch(item(subscription).getAsJsonObject("price").get("id").getAsString())
            .ifPresent(match -> keys.addAll(match.entry().features()));
      }
    }
    return List.copyOf(keys);
  }

  /** The summary event when the customer's features changed since the last one. */
  Optional<JsonObject> changed(String customerId, long now) {
    List<String> current = entitledKeys(customerId);
    List<String> before = account.entitlements.getOrDefault(customerId, List.of());
    if (current.equals(before)) {
      return Optional.empty();
    }
    account.entitlements.put(customerId, current);
    JsonObject previous = new JsonObject();
    JsonObject previousEntitlements = new JsonObject();
    JsonArray previousData = new JsonArray();
    before.forEach(key -> previousData.add(account.objects.activeEntitlement(customerId, key)));
    previousEntitlements.add("data", previousData);
    previous.add("entitlements", previousEntitlements);
    return Optional.of(
        account.emit(
            "entitlements.active_entitlement_summary.updated",
            now,
            account.objects.activeEntitlementSummary(customerId, current),
            previous));
  }
}
