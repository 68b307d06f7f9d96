package app.billing.local.stripe;

import app.billing.local.stripe.StripeBackend.Change;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * {@code POST /v1/refunds}: all or part of a captured charge goes back to the card. The refund is
 * created {@code pending} ({@code refund.created}), the charge shows it ({@code charge.refunded}),
 * then the network confirms it ({@code refund.updated}, {@code succeeded}).
 */
final class Refunds {
  private final StripeAccount account;
  private final Payments payments;
  private final PaymentObjects objects;

  Refunds(StripeAccount account, Payments payments) {
    this.account = account;
    this.payments = payments;
    this.objects = new PaymentObjects(account.objects);
  }

  Change create(FormParams params, String requestId, String idempotencyKey) {
    String chargeId = params.string("charge").orElse(null);
    String intentId = params.string("payment_intent").orElse(null);
    if ((chargeId == null) == (intentId == null)) {
      throw StripeError.invalid(
          "You must pass exactly one of charge or payment_intent.",
          chargeId == null ? "charge" : "payment_intent");
    }
    JsonObject charge =
        chargeId != null
            ? payments.requireCharge(chargeId, "charge")
            : payments.chargeOf(payments.requireIntent(intentId, "payment_intent"));
    if (!charge.get("captured").getAsBoolean()) {
      throw StripeError.invalid(
          "Charge "
              + StripeJson.id(charge)
              + " has not been captured; cancel its PaymentIntent"
              + " to release the authorization instead.",
          "charge");
    }
    if (charge.get("disputed").getAsBoolean()) {
      throw StripeError.invalid(
          "Charge " + StripeJson.id(charge) + " has been charged back; it cannot be refunded.",
          "charge");
    }
    long refundable =
        charge.get("amount_captured").getAsLong() - charge.get("amount_refunded").getAsLong();
    long amount = params.integer("amount").orElse(refundable);
    if (amount < 1 || amount > refundable) {
      throw StripeError.invalid(
          refundable == 0
              ? "Charge " + StripeJson.id(charge) + " has already been refunded."
              : "Refund amount (" + amount + ") must be between 1 and " + refundable + ".",
          "amount");
    }
    long now = account.now();
    String id = Ids.refund();
    JsonObject refund =
        objects.refund(id, charge, amount, params.string("reason").orElse(null), now);
    account.refunds.put(id, refund);
    JsonObject created =
        account.emit("refund.created", now, refund, null, requestId, idempotencyKey);

    JsonObject previous = new JsonObject();
    previous.add("amount_refunded", charge.get("amount_refunded"));
    previous.add("refunded", charge.get("refunded"));
    long refunded = charge.get("amount_refunded").getAsLong() + amount;
    charge.addProperty("amount_refunded", refunded);
    charge.addProperty("refunded", refunded >= charge.get("amount_captured").getAsLong());
    JsonObject chargeRefunded =
        account.emit("charge.refunded", now, charge, previous, requestId, idempotencyKey);

    JsonObject refundPrevious = new JsonObject();
    refundPrevious.addProperty("status", "pending");
    refund.addProperty("status", "succeeded");
    refund
        .getAsJsonObject("destination_details")
        .getAsJsonObject("card")
        .addProperty("reference_status", "available");
    charge.getAsJsonObject("refunds").getAsJsonArray("data").add(refund.deepCopy());
    JsonObject updated = account.emit("refund.updated", now, refund, refundPrevious);
    return new Change(refund.deepCopy(), List.of(created, chargeRefunded, updated));
  }

  JsonObject retrieve(String id) {
    JsonObject refund = account.refunds.get(id);
    if (refund == null) {
      throw StripeError.noSuch("refund", id, "id");
    }
    return refund.deepCopy();
  }
}
