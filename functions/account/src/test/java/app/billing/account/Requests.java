package app.billing.account;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.HashMap;
import java.util.Map;

/** API Gateway HTTP API (v2) requests from {@code events/account/}. */
public final class Requests {
  public static final String STORY_TENANT = "usr_8f3a1c2e";

  private Requests() {}

  public static APIGatewayV2HTTPEvent request(String name) {
    return EventLoader.loadApiGatewayHttpEvent("events/account/" + name);
  }

  public static APIGatewayV2HTTPEvent subscription(String tenantId) {
    return asTenant(request("get-subscription.json"), tenantId);
  }

  /** {@code GET /billing/payments} with the given query parameters (null values are left out). */
  public static APIGatewayV2HTTPEvent payments(String tenantId, String limit, String cursor) {
    APIGatewayV2HTTPEvent event = asTenant(request("get-payments.json"), tenantId);
    Map<String, String> query = new HashMap<>();
    if (limit != null) {
      query.put("limit", limit);
    }
    if (cursor != null) {
      query.put("cursor", cursor);
    }
    event.setQueryStringParameters(query.isEmpty() ? null : query);
    event.setRawQueryString(
        String.join(
            "&", query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    return event;
  }

  public static APIGatewayV2HTTPEvent plans() {
    return request("get-plans.json");
  }

  /**
   * The same request as if the authorizer had resolved {@code tenantId} (null: no authorizer
   * context).
   */
  public static APIGatewayV2HTTPEvent asTenant(APIGatewayV2HTTPEvent event, String tenantId) {
    if (tenantId == null) {
      event.getRequestContext().setAuthorizer(null);
    } else {
      event.getRequestContext().getAuthorizer().setLambda(Map.of("tenantId", tenantId));
    }
    return event;
  }
}
