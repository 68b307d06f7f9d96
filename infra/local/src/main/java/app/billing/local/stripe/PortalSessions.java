package app.billing.local.stripe;

import static app.billing.local.stripe.StripeJson.hasStatus;

import app.billing.local.stripe.StripeBackend.Change;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code /v1/billing_portal/sessions} (deep links included) and the changes a customer makes on the
 * local portal page.
 */
final class PortalSessions {
  /**
   * What the local portal page shows: the customer, its subscriptions and invoices, newest first.
   */
  record PortalView(
      JsonObject portalSession,
      JsonObject customer,
      List<JsonObject> subscriptions,
      List<JsonObject> invoices,
      List<Payments.PaymentView> payments) {}

  private final StripeAccount account;
  private final Customers customers;
  private final Subscriptions subscriptions;
  private final Payments payments;

  PortalSessions(
      StripeAccount account, Customers customers, Subscriptions subscriptions, Payments payments) {
    this.account = account;
    this.customers = customers;
    this.subscriptions = subscriptions;
    this.payments = payments;
  }

  Change create(FormParams params) {
    String customerId =
        params.string("customer").orElseThrow(() -> StripeError.missingParam("customer"));
    customers.require(customerId, "customer");
    String id = Ids.portalSession();
    JsonObject portal =
        account.objects.portalSession(
            id,
            customerId,
            params.string("return_url").orElse(null),
            params.string("locale").orElse(null),
            account.now());
    if (params.has("flow_data")) {
      portal.add("flow", flow(params, customerId));
    }
    params
        .string("configuration")
        .ifPresent(configuration -> portal.addProperty("configuration", configuration));
    account.portalSessions.put(id, portal);
    return new Change(portal.deepCopy(), List.of());
  }

  /** A portal deep link ({@code flow_data}) as Stripe returns it in {@code flow}. */
  private JsonObject flow(FormParams params, String customerId) {
    String type =
        params
            .string("flow_data", "type")
            .orElseThrow(() -> StripeError.missingParam("flow_data[type]"));
    JsonObject flow = new JsonObject();
    flow.add("after_completion", afterCompletion(params));
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
        JsonObject subscription = account.subscriptions.get(subscriptionId);
        if (subscription == null
            || !customerId.equals(subscription.get("customer").getAsString())) {
          throw StripeError.noSuch("subscription", subscriptionId, param);
        }
        if (hasStatus(subscription, "canceled")) {
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

  private static JsonObject afterCompletion(FormParams params) {
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
    return afterCompletion;
  }

  Optional<PortalView> view(String portalSessionId) {
    JsonObject portal = account.portalSessions.get(portalSessionId);
    if (portal == null || !account.customers.containsKey(portal.get("customer").getAsString())) {
      return Optional.empty();
    }
    String customerId = portal.get("customer").getAsString();
    List<JsonObject> subs =
        account.subscriptionsOf(customerId).stream()
            .sorted(StripeJson.NEWEST_FIRST)
            .map(JsonObject::deepCopy)
            .toList();
    List<JsonObject> customerInvoices =
        account.invoices.values().stream()
            .filter(i -> customerId.equals(i.get("customer").getAsString()))
            .sorted(StripeJson.NEWEST_FIRST)
            .map(JsonObject::deepCopy)
            .toList();
    return Optional.of(
        new PortalView(
            portal.deepCopy(),
            account.customers.get(customerId).deepCopy(),
            subs,
            customerInvoices,
            payments.of(customerId)));
  }

  /**
   * A subscription change made on a portal page; checks the subscription is the portal customer's.
   */
  Change action(
      String portalSessionId, String subscriptionId, PortalAction action, String priceId) {
    JsonObject portal = account.portalSessions.get(portalSessionId);
    if (portal == null) {
      throw StripeError.noSuch("billing_portal.session", portalSessionId, "session");
    }
    String customerId = portal.get("customer").getAsString();
    if (action == PortalAction.UPDATE_PAYMENT_METHOD) {
      return customers.updatePaymentMethod(customerId);
    }
    if (subscriptionId == null || subscriptionId.isBlank()) {
      // Not named: the customer's newest subscription that is not canceled.
      subscriptionId =
          account.subscriptionsOf(customerId).stream()
              .filter(s -> !hasStatus(s, "canceled"))
              .max(Comparator.comparingLong(s -> s.get("created").getAsLong()))
              .map(StripeJson::id)
              .orElseThrow(
                  () ->
                      StripeError.invalid(
                          "This customer has no subscription that can be changed.",
                          "subscription"));
    }
    JsonObject subscription = subscriptions.require(subscriptionId);
    if (!subscription.get("customer").getAsString().equals(customerId)) {
      throw StripeError.noSuch("subscription", subscriptionId, "subscription");
    }
    return switch (action) {
      case CANCEL_AT_PERIOD_END -> subscriptions.setCancelAtPeriodEnd(subscription, true, null);
      case REACTIVATE -> subscriptions.setCancelAtPeriodEnd(subscription, false, null);
      case CANCEL_NOW -> subscriptions.cancelNow(subscription, "cancellation_requested", null);
      case SWITCH_PLAN -> subscriptions.switchPlan(subscription, priceId);
      case RENEW -> subscriptions.renew(subscription);
      case FAIL_RENEWAL -> subscriptions.failRenewal(subscription);
      case UPDATE_PAYMENT_METHOD -> throw new IllegalStateException("handled above");
    };
  }
}
