package app.billing.local.stripe;

import static app.billing.local.stripe.StripeJson.hasStatus;

import app.billing.local.stripe.StripeBackend.Change;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * Chargebacks, which only a cardholder's bank opens: a local action opens one on a charge ({@code
 * charge.dispute.created}) and another closes it as the bank decides ({@code
 * charge.dispute.updated} when our evidence is in, then {@code charge.dispute.closed}, won or
 * lost).
 */
final class Disputes {
  private static final Set<String> REASONS =
      Set.of(
          "fraudulent",
          "product_not_received",
          "duplicate",
          "subscription_canceled",
          "credit_not_processed",
          "general",
          "unrecognized");

  private final StripeAccount account;
  private final Payments payments;
  private final PaymentObjects objects;

  Disputes(StripeAccount account, Payments payments) {
    this.account = account;
    this.payments = payments;
    this.objects = new PaymentObjects(account.objects);
  }

  Change open(String chargeId, String reason) {
    JsonObject charge = payments.requireCharge(chargeId, "charge");
    String why = reason == null || reason.isBlank() ? "fraudulent" : reason;
    if (!REASONS.contains(why)) {
      throw StripeError.invalid("Unknown dispute reason " + why + ": one of " + REASONS, "reason");
    }
    if (!charge.get("captured").getAsBoolean() || charge.get("disputed").getAsBoolean()) {
      throw StripeError.invalid(
          "Only a captured charge without a dispute can be disputed.", "charge");
    }
    long amount =
        charge.get("amount_captured").getAsLong() - charge.get("amount_refunded").getAsLong();
    if (amount < 1) {
      throw StripeError.invalid("A fully refunded charge cannot be disputed.", "charge");
    }
    long now = account.now();
    String id = Ids.dispute();
    JsonObject dispute = objects.dispute(id, charge, amount, why, now);
    account.disputes.put(id, dispute);
    charge.addProperty("disputed", true);
    return new Change(
        dispute.deepCopy(), List.of(account.emit("charge.dispute.created", now, dispute, null)));
  }

  /** Our evidence is submitted ({@code under_review}), then the bank decides. */
  Change close(String disputeId, boolean won) {
    JsonObject dispute = require(disputeId);
    if (!hasStatus(dispute, "needs_response") && !hasStatus(dispute, "under_review")) {
      throw StripeError.invalid(
          "Dispute "
              + disputeId
              + " is already closed ("
              + dispute.get("status").getAsString()
              + ").",
          null);
    }
    long now = account.now();
    JsonObject reviewPrevious = new JsonObject();
    reviewPrevious.add("status", dispute.get("status"));
    reviewPrevious.add("evidence_details", dispute.get("evidence_details").deepCopy());
    dispute.addProperty("status", "under_review");
    JsonObject details = dispute.getAsJsonObject("evidence_details");
    details.addProperty("has_evidence", true);
    details.addProperty("submission_count", 1);
    dispute
        .getAsJsonObject("evidence")
        .addProperty("uncategorized_text", "Evidence submitted on the local stand-in.");
    JsonObject updated = account.emit("charge.dispute.updated", now, dispute, reviewPrevious);
    JsonObject closedPrevious = new JsonObject();
    closedPrevious.addProperty("status", "under_review");
    dispute.addProperty("status", won ? "won" : "lost");
    JsonObject closed = account.emit("charge.dispute.closed", now, dispute, closedPrevious);
    return new Change(dispute.deepCopy(), List.of(updated, closed));
  }

  JsonObject retrieve(String id) {
    return require(id).deepCopy();
  }

  private JsonObject require(String id) {
    JsonObject dispute = account.disputes.get(id);
    if (dispute == null) {
      throw StripeError.noSuch("dispute", id, "dispute");
    }
    return dispute;
  }
}
