package app.billing.provisioning.adapter;

import app.billing.core.port.StripeGateway;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.LineItem;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.model.entitlements.ActiveEntitlement;
import com.stripe.param.checkout.SessionLineItemListParams;
import com.stripe.param.entitlements.ActiveEntitlementListParams;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stripe reads through one {@link StripeClient}; failures become {@link StripeUnavailableException}. */
public final class StripeApiGateway implements StripeGateway {
  private static final Logger log = LoggerFactory.getLogger(StripeApiGateway.class);

  private final StripeClient stripe;

  public StripeApiGateway(StripeClient stripe) {
    this.stripe = stripe;
  }

  @Override
  public Subscription subscription(String id) {
    return call("retrieve subscription", () -> stripe.v1().subscriptions().retrieve(id));
  }

  @Override
  public Invoice invoice(String id) {
    return call("retrieve invoice", () -> stripe.v1().invoices().retrieve(id));
  }

  @Override
  public Customer customer(String id) {
    return call("retrieve customer", () -> stripe.v1().customers().retrieve(id));
  }

  @Override
  public Session checkoutSession(String id) {
    return call("retrieve checkout session", () -> stripe.v1().checkout().sessions().retrieve(id));
  }

  @Override
  public List<String> checkoutPriceIds(String sessionId) {
    return call("list checkout line items", () -> {
      List<String> priceIds = new ArrayList<>();
      for (LineItem item : stripe.v1().checkout().sessions().lineItems()
          .list(sessionId, SessionLineItemListParams.builder().setLimit(100L).build()).getData()) {
        if (item.getPrice() != null) {
          priceIds.add(item.getPrice().getId());
        }
      }
      return priceIds;
    });
  }

  @Override
  public List<String> activeEntitlementLookupKeys(String customerId) {
    return call("list active entitlements", () -> stripe.v1().entitlements().activeEntitlements()
        .list(ActiveEntitlementListParams.builder().setCustomer(customerId).setLimit(100L).build())
        .getData()
        .stream()
        .map(ActiveEntitlement::getLookupKey)
        .toList());
  }

  private interface StripeCall<T> {
    T run() throws StripeException;
  }

  private static <T> T call(String what, StripeCall<T> call) {
    try {
      return call.run();
    } catch (StripeException e) {
      log.warn("Stripe {} failed: status {} code {} request {}", what, e.getStatusCode(), e.getCode(),
          e.getRequestId());
      throw new StripeUnavailableException("Stripe " + what + " failed (request " + e.getRequestId() + ")", e);
    }
  }

  public static final class StripeUnavailableException extends RuntimeException {
    StripeUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
