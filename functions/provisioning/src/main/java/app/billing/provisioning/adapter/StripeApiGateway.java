package app.billing.provisioning.adapter;

import app.billing.core.provisioning.PermanentFailureException;
import app.billing.provisioning.core.port.StripeEventReads;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Dispute;
import com.stripe.model.Invoice;
import com.stripe.model.InvoicePayment;
import com.stripe.model.LineItem;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.model.entitlements.ActiveEntitlement;
import com.stripe.param.InvoicePaymentListParams;
import com.stripe.param.checkout.SessionLineItemListParams;
import com.stripe.param.checkout.SessionListParams;
import com.stripe.param.entitlements.ActiveEntitlementListParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stripe reads through one {@link StripeClient}. A 4xx that asking again cannot fix becomes a
 * {@link PermanentFailureException} (the event is recorded as failed); every other failure a {@link
 * StripeUnavailableException} (the event is retried).
 */
public final class StripeApiGateway implements StripeEventReads {
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
  public List<CheckoutLine> checkoutLines(String sessionId) {
    return call(
        "list checkout line items",
        () -> {
          List<CheckoutLine> lines = new ArrayList<>();
          for (LineItem item :
              stripe
                  .v1()
                  .checkout()
                  .sessions()
                  .lineItems()
                  .list(sessionId, SessionLineItemListParams.builder().setLimit(100L).build())
                  .getData()) {
            if (item.getPrice() != null) {
              long quantity = item.getQuantity() == null ? 1 : item.getQuantity();
              lines.add(new CheckoutLine(item.getPrice().getId(), quantity));
            }
          }
          return lines;
        });
  }

  @Override
  public PaymentIntent paymentIntent(String id) {
    return call("retrieve payment intent", () -> stripe.v1().paymentIntents().retrieve(id));
  }

  @Override
  public Optional<Session> checkoutSessionOfPaymentIntent(String paymentIntentId) {
    return call(
        "list checkout sessions of a payment intent",
        () ->
            stripe
                .v1()
                .checkout()
                .sessions()
                .list(
                    SessionListParams.builder()
                        .setPaymentIntent(paymentIntentId)
                        .setLimit(1L)
                        .build())
                .getData()
                .stream()
                .findFirst());
  }

  @Override
  public Optional<String> invoiceOfPaymentIntent(String paymentIntentId) {
    return call(
        "list invoice payments of a payment intent",
        () ->
            stripe
                .v1()
                .invoicePayments()
                .list(
                    InvoicePaymentListParams.builder()
                        .setPayment(
                            InvoicePaymentListParams.Payment.builder()
                                .setType(InvoicePaymentListParams.Payment.Type.PAYMENT_INTENT)
                                .setPaymentIntent(paymentIntentId)
                                .build())
                        .setLimit(1L)
                        .build())
                .getData()
                .stream()
                .map(InvoicePayment::getInvoice)
                .findFirst());
  }

  @Override
  public List<String> activeEntitlementLookupKeys(String customerId) {
    return call(
        "list active entitlements",
        () -> {
          List<String> keys = new ArrayList<>();
          // Auto-pagination: a customer may have more features than one page holds.
          for (ActiveEntitlement entitlement :
              stripe
                  .v1()
                  .entitlements()
                  .activeEntitlements()
                  .list(
                      ActiveEntitlementListParams.builder()
                          .setCustomer(customerId)
                          .setLimit(100L)
                          .build())
                  .autoPagingIterable()) {
            keys.add(entitlement.getLookupKey());
          }
          return keys;
        });
  }

  @Override
  public Charge charge(String id) {
    return call("retrieve charge", () -> stripe.v1().charges().retrieve(id));
  }

  @Override
  public Refund refund(String id) {
    return call("retrieve refund", () -> stripe.v1().refunds().retrieve(id));
  }

  @Override
  public Dispute dispute(String id) {
    return call("retrieve dispute", () -> stripe.v1().disputes().retrieve(id));
  }

  private interface StripeCall<T> {
    T run() throws StripeException;
  }

  private static <T> T call(String what, StripeCall<T> call) {
    try {
      return call.run();
    } catch (StripeException e) {
      log.warn(
          "Stripe {} failed: status {} code {} request {}",
          what,
          e.getStatusCode(),
          e.getCode(),
          e.getRequestId());
      if (isPermanent(e.getStatusCode())) {
        throw new PermanentFailureException(
            reason(e),
            "Stripe "
                + what
                + " failed for good: "
                + e.getStatusCode()
                + " "
                + e.getCode()
                + " (request "
                + e.getRequestId()
                + ")",
            e);
      }
      throw new StripeUnavailableException(
          "Stripe " + what + " failed (request " + e.getRequestId() + ")", e);
    }
  }

  /**
   * A 4xx says the request itself is wrong (400 invalid, 402, 404 {@code resource_missing}, ...)
   * and asking again cannot help. Not permanent: 401/403 (our key or its permissions, fixed by the
   * operator, then the DLQ is redriven), 409 (idempotency or lock conflict), 429 (rate limit), 5xx
   * and network errors (no status).
   */
  static boolean isPermanent(Integer status) {
    return status != null
        && status >= 400
        && status < 500
        && status != 401
        && status != 403
        && status != 409
        && status != 429;
  }

  /**
   * e.g. {@code stripe_404_resource_missing}: Stripe's error code, never its message (it may name
   * objects).
   */
  private static String reason(StripeException e) {
    String code = e.getCode() == null ? "" : "_" + e.getCode().replaceAll("[^A-Za-z0-9_]", "");
    return "stripe_" + e.getStatusCode() + code;
  }

  public static final class StripeUnavailableException extends RuntimeException {
    StripeUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
