package app.billing.webhook;

import app.billing.testkit.TestResources;
import app.billing.testkit.story.Story;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Test fixtures: Stripe event bodies (testkit's story) and API Gateway requests (events/webhook).
 */
public final class Fixtures {
  public static final String SECRET = "whsec_test_current_0123456789abcdef";
  public static final String OLD_SECRET = "whsec_test_previous_fedcba9876543210";

  /** Shortly after the fixtures' events were created. */
  public static final Instant NOW = Instant.ofEpochSecond(1_788_271_500L);

  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private Fixtures() {}

  /** A story step's event body, as stored (testkit's story, the only copy). */
  public static String stripeEvent(Story step) {
    return step.json();
  }

  /**
   * The trial checkout with non-ASCII text (2-, 3- and 4-byte UTF-8, a surrogate pair in Java),
   * from testkit's {@code stripe-story-variants/}.
   */
  public static String nonAsciiCheckout() {
    return TestResources.read("stripe-story-variants/trial-checkout-completed-non-ascii.json");
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
