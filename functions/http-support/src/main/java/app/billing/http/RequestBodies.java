package app.billing.http;

import app.billing.core.checkout.CheckoutRequest;
import app.billing.core.error.ValidationException;
import app.billing.core.portal.PortalFlow;
import app.billing.core.portal.PortalRequest;
import app.billing.core.usage.UsageRequest;
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

  public static final Set<String> USAGE_FIELDS = Set.of("meter", "value", "idempotency_key");

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

  /**
   * The body of {@code POST /billing/usage}.
   *
   * @throws ValidationException for malformed JSON, unknown fields or bad values
   */
  public static UsageRequest usage(String body) {
    JsonBody json = JsonBody.parse(body, USAGE_FIELDS);
    String meter = json.requiredString("meter");
    long value =
        json.optionalInteger("value", 1, UsageRequest.MAX_VALUE)
            .orElseThrow(() -> ValidationException.field("value", "'value' is required."));
    String key = json.requiredString("idempotency_key");
    if (key.length() > UsageRequest.MAX_KEY_LENGTH
        || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
      throw ValidationException.field(
          "idempotency_key",
          "'idempotency_key' must be 1 to "
              + UsageRequest.MAX_KEY_LENGTH
              + " printable ASCII characters (a UUID is a good choice).");
    }
    return new UsageRequest(meter, value, key);
  }
}
