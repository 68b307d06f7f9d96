package app.billing.local.stripe;

import static app.billing.local.stripe.StripeObjects.list;
import static app.billing.local.stripe.StripeObjects.nullable;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * Payment intents, charges, refunds and disputes, as Stripe returns them. Payment intents and
 * charges start from Stripe's fixtures; refunds and disputes are built field by field after
 * stripe-java's {@code Refund} and {@code Dispute}.
 */
final class PaymentObjects {
  private final StripeObjects objects;

  PaymentObjects(StripeObjects objects) {
    this.objects = objects;
  }

  /** What a one-time Checkout payment charged: amount, card and whether it waits for capture. */
  record Payment(
      String customerId,
      long amount,
      String currency,
      boolean manualCapture,
      JsonObject metadata,
      String paymentMethod) {}

  JsonObject paymentIntent(String id, String chargeId, Payment payment, long created) {
    JsonObject pi = objects.template("payment_intent");
    pi.addProperty("id", id);
    pi.addProperty("amount", payment.amount());
    pi.addProperty("amount_capturable", payment.manualCapture() ? payment.amount() : 0);
    pi.addProperty("amount_received", payment.manualCapture() ? 0 : payment.amount());
    pi.add("canceled_at", JsonNull.INSTANCE);
    pi.addProperty("capture_method", payment.manualCapture() ? "manual" : "automatic_async");
    pi.addProperty("client_secret", id + "_secret_" + Ids.random("", 25));
    pi.addProperty("created", created);
    pi.addProperty("currency", payment.currency());
    pi.add("customer", nullable(payment.customerId()));
    pi.add("last_payment_error", JsonNull.INSTANCE);
    pi.addProperty("latest_charge", chargeId);
    pi.addProperty("livemode", false);
    pi.add("metadata", payment.metadata().deepCopy());
    pi.add("next_action", JsonNull.INSTANCE);
    pi.add("payment_method_configuration_details", JsonNull.INSTANCE);
    pi.addProperty("payment_method", payment.paymentMethod());
    pi.add("processing", JsonNull.INSTANCE);
    pi.add("shipping", JsonNull.INSTANCE);
    pi.addProperty("status", payment.manualCapture() ? "requires_capture" : "succeeded");
    pi.add("transfer_data", JsonNull.INSTANCE);
    pi.add("excluded_payment_method_types", JsonNull.INSTANCE);
    JsonObject managed = new JsonObject();
    managed.addProperty("enabled", false);
    pi.add("managed_payments", managed);
    JsonObject automatic = new JsonObject();
    automatic.addProperty("enabled", false);
    pi.add("automatic_payment_methods", automatic);
    return pi;
  }

  JsonObject charge(String id, String paymentIntentId, Payment payment, long created) {
    JsonObject ch = objects.template("charge");
    ch.addProperty("id", id);
    ch.addProperty("amount", payment.amount());
    ch.addProperty("amount_captured", payment.manualCapture() ? 0 : payment.amount());
    ch.addProperty("amount_refunded", 0);
    ch.addProperty(
        "balance_transaction", payment.manualCapture() ? null : Ids.balanceTransaction());
    ch.addProperty("calculated_statement_descriptor", "ACME LOCAL");
    ch.addProperty("captured", !payment.manualCapture());
    ch.addProperty("created", created);
    ch.addProperty("currency", payment.currency());
    ch.add("customer", nullable(payment.customerId()));
    ch.add("description", JsonNull.INSTANCE);
    ch.addProperty("disputed", false);
    ch.addProperty("livemode", false);
    ch.add("metadata", payment.metadata().deepCopy());
    JsonObject outcome = ch.getAsJsonObject("outcome");
    outcome.addProperty("network_status", "approved_by_network");
    outcome.addProperty("reason", (String) null);
    outcome.addProperty("risk_level", "normal");
    outcome.addProperty("seller_message", "Payment complete.");
    outcome.addProperty("type", "authorized");
    ch.addProperty("paid", true);
    ch.addProperty("payment_intent", paymentIntentId);
    ch.addProperty("payment_method", payment.paymentMethod());
    JsonObject card = ch.getAsJsonObject("payment_method_details").getAsJsonObject("card");
    card.addProperty("amount_authorized", payment.amount());
    card.getAsJsonObject("overcapture").addProperty("maximum_amount_capturable", payment.amount());
    card.add("wallet", JsonNull.INSTANCE);
    card.add("installments", JsonNull.INSTANCE);
    ch.add("receipt_url", JsonNull.INSTANCE);
    ch.addProperty("refunded", false);
    ch.add("refunds", list("/v1/charges/" + id + "/refunds", new JsonArray()));
    ch.add("shipping", JsonNull.INSTANCE);
    ch.add("source", JsonNull.INSTANCE);
    ch.addProperty("status", "succeeded");
    ch.add("transfer_data", JsonNull.INSTANCE);
    return ch;
  }

  /** A card refund, {@code pending} until the card network confirms it. */
  JsonObject refund(String id, JsonObject charge, long amount, String reason, long created) {
    JsonObject re = new JsonObject();
    re.addProperty("id", id);
    re.addProperty("object", "refund");
    re.addProperty("amount", amount);
    re.addProperty("balance_transaction", Ids.balanceTransaction());
    re.addProperty("charge", charge.get("id").getAsString());
    re.addProperty("created", created);
    re.addProperty("currency", charge.get("currency").getAsString());
    JsonObject card = new JsonObject();
    card.add("reference", JsonNull.INSTANCE);
    card.addProperty("reference_status", "pending");
    card.addProperty("reference_type", "acquirer_reference_number");
    card.addProperty("type", "refund");
    JsonObject destination = new JsonObject();
    destination.add("card", card);
    destination.addProperty("type", "card");
    re.add("destination_details", destination);
    re.add("metadata", new JsonObject());
    re.add("payment_intent", charge.get("payment_intent"));
    re.add("reason", nullable(reason));
    re.add("receipt_number", JsonNull.INSTANCE);
    re.add("source_transfer_reversal", JsonNull.INSTANCE);
    re.addProperty("status", "pending");
    re.add("transfer_reversal", JsonNull.INSTANCE);
    return re;
  }

  /** A card chargeback waiting for our evidence ({@code needs_response}). */
  JsonObject dispute(String id, JsonObject charge, long amount, String reason, long created) {
    JsonObject dp = new JsonObject();
    dp.addProperty("id", id);
    dp.addProperty("object", "dispute");
    dp.addProperty("amount", amount);
    dp.add("balance_transactions", new JsonArray());
    dp.addProperty("charge", charge.get("id").getAsString());
    dp.addProperty("created", created);
    dp.addProperty("currency", charge.get("currency").getAsString());
    dp.add("enhanced_eligibility_types", new JsonArray());
    JsonObject evidence = new JsonObject();
    for (String field :
        new String[] {
          "access_activity_log",
          "billing_address",
          "cancellation_policy",
          "cancellation_policy_disclosure",
          "cancellation_rebuttal",
          "customer_communication",
          "customer_email_address",
          "customer_name",
          "customer_purchase_ip",
          "customer_signature",
          "duplicate_charge_documentation",
          "duplicate_charge_explanation",
          "duplicate_charge_id",
          "product_description",
          "receipt",
          "refund_policy",
          "refund_policy_disclosure",
          "refund_refusal_explanation",
          "service_date",
          "service_documentation",
          "shipping_address",
          "shipping_carrier",
          "shipping_date",
          "shipping_documentation",
          "shipping_tracking_number",
          "uncategorized_file",
          "uncategorized_text"
        }) {
      evidence.add(field, JsonNull.INSTANCE);
    }
    evidence.add("enhanced_evidence", new JsonObject());
    dp.add("evidence", evidence);
    JsonObject details = new JsonObject();
    details.addProperty("due_by", created + 7 * 86_400);
    details.add("enhanced_eligibility", new JsonObject());
    details.addProperty("has_evidence", false);
    details.addProperty("past_due", false);
    details.addProperty("submission_count", 0);
    dp.add("evidence_details", details);
    dp.addProperty("is_charge_refundable", false);
    dp.addProperty("livemode", false);
    dp.add("metadata", new JsonObject());
    dp.addProperty("network_reason_code", "10.4");
    dp.add("payment_intent", charge.get("payment_intent"));
    JsonObject card = new JsonObject();
    card.addProperty("brand", "visa");
    card.addProperty("case_type", "chargeback");
    card.addProperty("network_reason_code", "10.4");
    JsonObject method = new JsonObject();
    method.add("card", card);
    method.addProperty("type", "card");
    dp.add("payment_method_details", method);
    dp.addProperty("reason", reason);
    dp.addProperty("status", "needs_response");
    return dp;
  }
}
