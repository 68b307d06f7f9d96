package app.billing.http;

import app.billing.core.checkout.CheckoutRequest;
import app.billing.core.portal.PortalFlow;
import app.billing.core.portal.PortalRequest;
import java.util.Set;

/**
 * The request bodies of the routes that take one, read strictly with {@link JsonBody}: the JSON
 * field names are the API's, the records they fill are the core's.
 */
public final class RequestBodies {
  private RequestBodies() {}

  /**
   * {@code POST /billing/checkout}. Clients name a catalog key, never a Stripe price: any other
   * field ({@code price}, {@code price_id}, {@code line_items}, {@code customer}, a tenant id, ...)
   * is refused with 400.
   */
  public static final Set<String> CHECKOUT_FIELDS =
      Set.of("plan", "billing_cycle", "success_url", "cancel_url", "quantity");

  /** {@code POST /billing/portal}; the body may be empty. */
  public static final Set<String> PORTAL_FIELDS = Set.of("return_url", "flow");

  /**
   * @throws app.billing.core.error.ValidationException for malformed JSON, unknown fields or bad
   *     values
   */
  public static CheckoutRequest checkout(String body) {
    JsonBody json = JsonBody.parse(body, CHECKOUT_FIELDS);
    return new CheckoutRequest(
        json.requiredString("plan"),
        json.optionalString("billing_cycle"),
        json.optionalString("success_url"),
        json.optionalString("cancel_url"),
        json.optionalInteger("quantity", 1, CheckoutRequest.MAX_QUANTITY).orElse(1L));
  }

  /**
   * @throws app.billing.core.error.ValidationException for malformed JSON, unknown fields or bad
   *     values
   */
  public static PortalRequest portal(String body) {
    JsonBody json = JsonBody.parse(body, PORTAL_FIELDS);
    return new PortalRequest(
        json.optionalString("return_url"),
        json.optionalString("flow").map(PortalFlow::fromWireName));
  }
}
