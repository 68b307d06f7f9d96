package app.billing.webhook;

import app.billing.testkit.story.Story;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Test fixtures: Stripe event bodies (test resources) and API Gateway requests (events/webhook).
 */
public final class Fixtures {
  public static final String SECRET = "whsec_test_current_0123456789abcdef";
  public static final String OLD_SECRET = "whsec_test_previous_fedcba9876543210";

  /** Shortly after the fixtures' events were created. */
  public static final Instant NOW = Instant.ofEpochSecond(1_788_271_500L);

  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  public static final String CHECKOUT_COMPLETED = "08-checkout.session.completed.json";

  /** The same event with non-ASCII text (2-, 3- and 4-byte UTF-8, a surrogate pair in Java). */
  public static final String CHECKOUT_COMPLETED_NON_ASCII =
      "08-checkout.session.completed-non-ascii.json";

  public static final String PRODUCT_CREATED = "01-product.created.json";
  public static final String INVOICE_PAID = "10-invoice.paid.json";
  public static final String ENTITLEMENTS_UPDATED =
      "11-entitlements.active_entitlement_summary.updated.json";
  public static final String CUSTOMER_DELETED = "26-customer.deleted.json";

  private Fixtures() {}

  /** A Stripe event body, byte for byte as stored. */
  public static String stripeEvent(String name) {
    return new String(stripeEventBytes(name), StandardCharsets.UTF_8);
  }

  public static byte[] stripeEventBytes(String name) {
    // The story's own files come from testkit (the only copy); variants live in stripe-events/.
    String path =
        Arrays.stream(Story.values()).anyMatch(s -> s.file().equals(name))
            ? Story.ofFile(name).resource()
            : "stripe-events/" + name;
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An API Gateway HTTP API (v2) request from {@code events/webhook/}. */
  public static APIGatewayV2HTTPEvent request(String name) {
    return EventLoader.loadApiGatewayHttpEvent("events/webhook/" + name);
  }

  /** Puts {@code body} and {@code signature} (null removes the header) on the request. */
  public static APIGatewayV2HTTPEvent withBody(
      APIGatewayV2HTTPEvent request, String body, String signature) {
    Map<String, String> headers = new HashMap<>(request.getHeaders());
    headers.keySet().removeIf(name -> name.equalsIgnoreCase("stripe-signature"));
    if (signature != null) {
      headers.put("stripe-signature", signature);
    }
    request.setHeaders(headers);
    request.setBody(body);
    return request;
  }
}
