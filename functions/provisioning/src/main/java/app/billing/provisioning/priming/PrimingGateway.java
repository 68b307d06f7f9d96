package app.billing.provisioning.priming;

import app.billing.provisioning.core.port.StripeEventReads;
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

  @Override
  public PaymentIntent paymentIntent(String id) {
    throw refetch("payment intent");
  }

  @Override
  public Charge charge(String id) {
    throw refetch("charge");
  }

  @Override
  public Refund refund(String id) {
    throw refetch("refund");
  }

  @Override
  public Dispute dispute(String id) {
    throw refetch("dispute");
  }

  @Override
  public Optional<Session> checkoutSessionOfPaymentIntent(String paymentIntentId) {
    return Optional.empty();
  }

  @Override
  public Optional<String> invoiceOfPaymentIntent(String paymentIntentId) {
    return Optional.empty();
  }

  private static IllegalStateException refetch(String what) {
    return new IllegalStateException("priming would fetch a " + what + " from Stripe");
  }
}
