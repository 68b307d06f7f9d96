package app.billing.provisioning.core.port;

import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import java.util.List;

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
}
