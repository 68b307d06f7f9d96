package app.billing.authorizer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Authorizer requests from {@code events/authorizer/} at the repository root. */
public final class Events {
  public static final String AUTHORIZED = "authorized.json";
  public static final String MISSING_KEY = "missing-key.json";

  private Events() {}

  public static APIGatewayV2CustomAuthorizerEvent load(String name) {
    return EventLoader.loadAPIGatewayV2CustomAuthorizerEvent("events/authorizer/" + name);
  }

  /** Sets the Authorization header (and identity source) as API Gateway would pass it. */
  public static APIGatewayV2CustomAuthorizerEvent withAuthorization(
      APIGatewayV2CustomAuthorizerEvent event, String headerName, String value) {
    Map<String, String> headers = new HashMap<>(event.getHeaders());
    headers.keySet().removeIf(name -> name.equalsIgnoreCase("authorization"));
    headers.put(headerName, value);
    event.setHeaders(headers);
    event.setIdentitySource(List.of(value));
    return event;
  }
}
