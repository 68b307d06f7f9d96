package app.billing.core.checkout;

import app.billing.core.port.StripeWrites;
import java.util.ArrayList;
import java.util.List;

/** Records every call; answers with fixed ids unless told to fail. */
public final class FakeStripeBilling implements StripeWrites {
  public record CustomerCall(NewCustomer customer, String idempotencyKey) {}

  public record SessionCall(CheckoutSessionSpec spec, String idempotencyKey) {}

  public final List<CustomerCall> customers = new ArrayList<>();
  public final List<SessionCall> sessions = new ArrayList<>();
  public final List<PortalSessionSpec> portals = new ArrayList<>();

  /** The idempotency key of each portal call ("null" for none), in call order. */
  public final List<String> portalKeys = new ArrayList<>();

  public String customerId = "cus_New0001";
  private StripeCallException failure;

  /** Every following call throws this. */
  public void failWith(StripeCallException failure) {
    this.failure = failure;
  }

  public int calls() {
    return customers.size() + sessions.size() + portals.size();
  }

  @Override
  public String createCustomer(NewCustomer customer, String idempotencyKey) {
    customers.add(new CustomerCall(customer, idempotencyKey));
    failIfTold();
    return customerId;
  }

  @Override
  public CheckoutSession createCheckoutSession(CheckoutSessionSpec spec, String idempotencyKey) {
    sessions.add(new SessionCall(spec, idempotencyKey));
    failIfTold();
    return new CheckoutSession(
        "cs_test_" + sessions.size(),
        "https://checkout.stripe.com/c/pay/cs_test_" + sessions.size());
  }

  @Override
  public String createPortalSession(PortalSessionSpec spec) {
    return createPortalSession(spec, null);
  }

  @Override
  public String createPortalSession(PortalSessionSpec spec, String idempotencyKey) {
    portalKeys.add(String.valueOf(idempotencyKey));
    portals.add(spec);
    failIfTold();
    return "https://billing.stripe.com/p/session/test_" + portals.size();
  }

  private void failIfTold() {
    if (failure != null) {
      throw failure;
    }
  }
}
