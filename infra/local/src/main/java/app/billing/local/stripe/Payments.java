package app.billing.local.stripe;

import static app.billing.local.stripe.StripeJson.hasStatus;

import app.billing.local.stripe.PaymentObjects.Payment;
import app.billing.local.stripe.StripeBackend.Change;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /v1/payment_intents} and {@code /v1/charges}: the one-time payments Checkout takes, paid
 * at once or (with {@code payment_intent_data[capture_method]=manual}) authorized and captured or
 * canceled later.
 */
final class Payments {
  /** A payment as the portal page shows it: the intent, its charge, and its latest dispute. */
  record PaymentView(JsonObject paymentIntent, JsonObject charge, JsonObject dispute) {}

  private final StripeAccount account;
  private final PaymentObjects objects;

  Payments(StripeAccount account) {
    this.account = account;
    this.objects = new PaymentObjects(account.objects);
  }

  /**
   * The payment of a one-time Checkout Session: a succeeded payment intent and its charge, or an
   * authorization waiting for capture. Returns the payment intent.
   */
  JsonObject create(Payment payment, long now) {
    String intentId = Ids.paymentIntent();
    String chargeId = Ids.charge();
    JsonObject intent = objects.paymentIntent(intentId, chargeId, payment, now);
    JsonObject charge = objects.charge(chargeId, intentId, payment, now);
    account.paymentIntents.put(intentId, intent);
    account.charges.put(chargeId, charge);
    return intent;
  }

  /**
   * What Stripe sends after the session completed: {@code payment_intent.succeeded} and {@code
   * charge.succeeded}, or for an authorization {@code payment_intent.amount_capturable_updated}.
   */
  List<JsonObject> createdEvents(JsonObject intent, long now) {
    if (hasStatus(intent, "requires_capture")) {
      JsonObject previous = new JsonObject();
      previous.addProperty("amount_capturable", 0);
      return List.of(
          account.emit("payment_intent.amount_capturable_updated", now, intent, previous));
    }
    return List.of(
        account.emit("payment_intent.succeeded", now, intent, null),
        account.emit("charge.succeeded", now, chargeOf(intent), null));
  }

  JsonObject retrieveIntent(String id) {
    return requireIntent(id, "intent").deepCopy();
  }

  JsonObject retrieveCharge(String id) {
    return requireCharge(id, "charge").deepCopy();
  }

  /**
   * {@code POST /v1/payment_intents/{id}/capture} ({@code amount_to_capture} optional; the rest of
   * the authorization is released): succeeded, with {@code payment_intent.succeeded}, {@code
   * charge.captured} and {@code charge.succeeded}.
   */
  Change capture(String id, FormParams params, String requestId) {
    JsonObject intent = requireCapturable(id);
    long authorized = intent.get("amount_capturable").getAsLong();
    long amount = params.integer("amount_to_capture").orElse(authorized);
    if (amount < 1 || amount > authorized) {
      throw StripeError.invalid(
          "amount_to_capture must be between 1 and the authorized " + authorized + ".",
          "amount_to_capture");
    }
    long now = account.now();
    JsonObject previous = new JsonObject();
    previous.addProperty("status", "requires_capture");
    previous.addProperty("amount_capturable", authorized);
    previous.add("amount_received", intent.get("amount_received"));
    intent.addProperty("status", "succeeded");
    intent.addProperty("amount_capturable", 0);
    intent.addProperty("amount_received", amount);
    JsonObject charge = chargeOf(intent);
    JsonObject chargePrevious = new JsonObject();
    chargePrevious.addProperty("captured", false);
    chargePrevious.addProperty("amount_captured", 0);
    charge.addProperty("captured", true);
    charge.addProperty("amount_captured", amount);
    charge.addProperty("amount_refunded", authorized - amount);
    charge.addProperty("balance_transaction", Ids.balanceTransaction());
    List<JsonObject> caused = new ArrayList<>();
    caused.add(account.emit("payment_intent.succeeded", now, intent, previous, requestId, null));
    caused.add(account.emit("charge.captured", now, charge, chargePrevious, requestId, null));
    caused.add(account.emit("charge.succeeded", now, charge, null, requestId, null));
    return new Change(intent.deepCopy(), caused);
  }

  /**
   * {@code POST /v1/payment_intents/{id}/cancel}: the authorization is released ({@code
   * payment_intent.canceled}).
   */
  Change cancel(String id, FormParams params, String requestId) {
    JsonObject intent = requireCapturable(id);
    long now = account.now();
    JsonObject previous = new JsonObject();
    previous.addProperty("status", "requires_capture");
    previous.add("amount_capturable", intent.get("amount_capturable"));
    intent.addProperty("status", "canceled");
    intent.addProperty("amount_capturable", 0);
    intent.addProperty("canceled_at", now);
    intent.add(
        "cancellation_reason",
        StripeObjects.nullable(params.string("cancellation_reason").orElse(null)));
    JsonObject charge = chargeOf(intent);
    // The released authorization shows on the charge as refunded.
    charge.addProperty("amount_refunded", charge.get("amount").getAsLong());
    charge.addProperty("refunded", true);
    return new Change(
        intent.deepCopy(),
        List.of(account.emit("payment_intent.canceled", now, intent, previous, requestId, null)));
  }

  private JsonObject requireCapturable(String id) {
    JsonObject intent = requireIntent(id, "intent");
    if (!hasStatus(intent, "requires_capture")) {
      throw StripeError.invalid(
          "This PaymentIntent could not be captured or canceled because it has a status of "
              + intent.get("status").getAsString()
              + ". Only a PaymentIntent with status requires_capture can be.",
          null);
    }
    return intent;
  }

  /** The customer's payments, newest first. */
  List<PaymentView> of(String customerId) {
    return account.paymentIntents.values().stream()
        .filter(pi -> customerId.equals(StripeJson.string(pi, "customer")))
        .sorted(StripeJson.NEWEST_FIRST)
        .map(
            pi -> {
              JsonObject charge = chargeOf(pi);
              JsonObject dispute =
                  account.disputes.values().stream()
                      .filter(d -> d.get("charge").getAsString().equals(StripeJson.id(charge)))
                      .reduce((first, second) -> second)
                      .map(JsonObject::deepCopy)
                      .orElse(null);
              return new PaymentView(pi.deepCopy(), charge.deepCopy(), dispute);
            })
        .toList();
  }

  JsonObject chargeOf(JsonObject intent) {
    return account.charges.get(intent.get("latest_charge").getAsString());
  }

  Optional<JsonObject> intentOfSession(JsonObject session) {
    String id = StripeJson.string(session, "payment_intent");
    return Optional.ofNullable(id == null ? null : account.paymentIntents.get(id));
  }

  JsonObject requireIntent(String id, String param) {
    JsonObject intent = account.paymentIntents.get(id);
    if (intent == null) {
      throw StripeError.noSuch("payment_intent", id, param);
    }
    return intent;
  }

  JsonObject requireCharge(String id, String param) {
    JsonObject charge = account.charges.get(id);
    if (charge == null) {
      throw StripeError.noSuch("charge", id, param);
    }
    return charge;
  }
}
