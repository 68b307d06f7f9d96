package app.billing.provisioning.core.port;

import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Dispute;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import java.util.List;
import java.util.Optional;

/**
 * The Stripe reads provisioning needs: refetching an object when event order cannot be decided or a
 * payload cannot be typed, and the prices and quantities a checkout session sold.
 */
public interface StripeEventReads {
  Subscription subscription(String id);

  Invoice invoice(String id);

  Customer customer(String id);

  Session checkoutSession(String id);

  /** The prices a checkout session sold and their quantities. */
  List<CheckoutLine> checkoutLines(String sessionId);

  /** One line item of a checkout session. */
  record CheckoutLine(String priceId, long quantity) {}

  /** Lookup keys of the customer's active entitlements, every page of them. */
  List<String> activeEntitlementLookupKeys(String customerId);

  PaymentIntent paymentIntent(String id);

  /** A charge: its customer, amount, cumulative refunded amount and receipt. */
  Charge charge(String id);

  Refund refund(String id);

  Dispute dispute(String id);

  /**
   * The checkout session that created the payment intent ({@code GET
   * /v1/checkout/sessions?payment_intent=}), empty for one made elsewhere (e.g. an invoice's).
   */
  Optional<Session> checkoutSessionOfPaymentIntent(String paymentIntentId);

  /**
   * The id of the invoice the payment intent paid ({@code GET
   * /v1/invoice_payments?payment[type]=payment_intent&payment[payment_intent]=}), empty for one
   * that paid no invoice.
   */
  Optional<String> invoiceOfPaymentIntent(String paymentIntentId);
}
