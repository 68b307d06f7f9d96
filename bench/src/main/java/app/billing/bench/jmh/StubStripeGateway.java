package app.billing.bench.jmh;

import app.billing.bench.Events;
import app.billing.provisioning.core.port.StripeEventReads;
import com.google.gson.JsonParser;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Dispute;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.net.ApiResource;
import java.util.List;
import java.util.Optional;

/**
 * Stripe reads answered from the story's objects, typed once; counts calls so a run can report
 * them.
 */
final class StubStripeGateway implements StripeEventReads {
  private final Customer customer =
      ApiResource.GSON.fromJson(
          Events.stripeApi("customer-cus_1BREyS0ms3pllo.json"), Customer.class);
  private final Subscription subscription =
      ApiResource.GSON.fromJson(
          Events.stripeApi("subscription-sub_1hNEdc.json"), Subscription.class);
  private final Invoice invoice =
      ApiResource.GSON.fromJson(Events.stripeApi("invoice-in_1plsy9.json"), Invoice.class);
  private final Session session =
      ApiResource.GSON.fromJson(
          JsonParser.parseString(Events.story("18-checkout.session.completed.json"))
              .getAsJsonObject()
              .getAsJsonObject("data")
              .getAsJsonObject("object"),
          Session.class);
  long calls;

  @Override
  public Subscription subscription(String id) {
    calls++;
    return subscription;
  }

  @Override
  public Invoice invoice(String id) {
    calls++;
    return invoice;
  }

  @Override
  public Customer customer(String id) {
    calls++;
    return customer;
  }

  @Override
  public Session checkoutSession(String id) {
    calls++;
    return session;
  }

  @Override
  public List<CheckoutLine> checkoutLines(String sessionId) {
    calls++;
    return List.of();
  }

  @Override
  public List<String> activeEntitlementLookupKeys(String customerId) {
    calls++;
    return List.of();
  }

  @Override
  public PaymentIntent paymentIntent(String id) {
    calls++;
    return new PaymentIntent();
  }

  @Override
  public Charge charge(String id) {
    throw new UnsupportedOperationException("the benchmark's events have no charges");
  }

  @Override
  public Refund refund(String id) {
    throw new UnsupportedOperationException("the benchmark's events have no refunds");
  }

  @Override
  public Dispute dispute(String id) {
    throw new UnsupportedOperationException("the benchmark's events have no disputes");
  }

  @Override
  public Optional<Session> checkoutSessionOfPaymentIntent(String paymentIntentId) {
    calls++;
    return Optional.empty();
  }

  @Override
  public Optional<String> invoiceOfPaymentIntent(String paymentIntentId) {
    calls++;
    return Optional.empty();
  }
}
