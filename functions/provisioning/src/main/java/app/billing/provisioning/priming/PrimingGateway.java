package app.billing.provisioning.priming;

import app.billing.provisioning.core.port.StripeEventReads;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import java.util.List;

/**
 * No Stripe calls while priming: lists are empty, and an object refetch (needed only on a tie of
 * two events in the same second, which the canned events avoid) fails the priming batch loudly.
 */
final class PrimingGateway implements StripeEventReads {
  @Override
  public Subscription subscription(String id) {
    throw refetch("subscription");
  }

  @Override
  public Invoice invoice(String id) {
    throw refetch("invoice");
  }

  @Override
  public Customer customer(String id) {
    throw refetch("customer");
  }

  @Override
  public Session checkoutSession(String id) {
    throw refetch("checkout session");
  }

  @Override
  public List<CheckoutLine> checkoutLines(String sessionId) {
    return List.of();
  }

  @Override
  public List<String> activeEntitlementLookupKeys(String customerId) {
    return List.of();
  }

  private static IllegalStateException refetch(String what) {
    return new IllegalStateException("priming would fetch a " + what + " from Stripe");
  }
}
