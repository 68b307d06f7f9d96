package app.billing.http;

import app.billing.core.checkout.CheckoutRequest;
import app.billing.core.error.ValidationException;
import app.billing.core.portal.PortalRequest;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Fuzzes the request bodies of the routes that take one ({@code POST /billing/checkout} and {@code
 * POST /billing/portal}) through {@link RequestBodies} ({@link JsonBody}): each body parses into a
 * request whose values are within bounds, or is refused with a {@link ValidationException} (400)
 * that names the problem. Anything else thrown is a finding. The first byte picks the route.
 */
class RequestBodyFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void parsesIntoABoundedRequestOrRefusesWith400(byte[] data) {
    if (data.length == 0) {
      return;
    }
    String body = new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
    try {
      if ((data[0] & 1) == 0) {
        CheckoutRequest request = RequestBodies.checkout(body);
        check(!request.plan().isBlank(), "plan is present");
        check(
            request.quantity() >= 1 && request.quantity() <= CheckoutRequest.MAX_QUANTITY,
            "quantity bounded");
        trimmed(request.billingCycle());
        trimmed(request.successUrl());
        trimmed(request.cancelUrl());
      } else {
        PortalRequest request = RequestBodies.portal(body);
        trimmed(request.returnUrl());
      }
    } catch (ValidationException e) {
      check(ApiErrors.of(e).status() == 400, "a refusal is a 400");
      check(
          e.code() != null && e.getMessage() != null && !e.getMessage().isBlank(),
          "a refusal names its problem");
    }
  }

  private static void trimmed(Optional<String> value) {
    value.ifPresent(
        v -> check(!v.isEmpty() && v.equals(v.trim()), "strings are trimmed and non-empty"));
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
