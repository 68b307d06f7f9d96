package app.billing.authorizer.handler;

import app.billing.authorizer.ApiKeyAuthorizer;
import app.billing.core.log.LogKeys;
import app.billing.core.priming.Priming;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * HTTP API Lambda authorizer (payload format 2.0, simple responses): Bearer API key to tenant id,
 * handed to the routes as {@code requestContext.authorizer.lambda.tenantId}. Env: {@code
 * BILLING_TABLE}.
 */
public final class AuthorizerHandler
    implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, Map<String, Object>> {

  private final ApiKeyAuthorizer authorizer;

  /** Used by Lambda: the production authorizer, built once per container from the environment. */
  public AuthorizerHandler() {
    // Built here, not in a static holder: a configuration error then reaches Lambda as itself
    // (errorMessage "Invalid configuration: ..."), not as a message-less
    // ExceptionInInitializerError.
    this(AuthorizerWiring.fromEnvironment(System.getenv()));
    // SnapStart: warm the request path before the snapshot (no network, no writes).
    Priming.register(
        "authorizer", new AuthorizerPriming(Optional.ofNullable(System.getenv("AWS_REGION"))));
  }

  private AuthorizerHandler(AuthorizerHandler built) {
    this(built.authorizer);
  }

  /** For tests and other wiring. */
  public AuthorizerHandler(ApiKeyAuthorizer authorizer) {
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
  }

  @Override
  public Map<String, Object> handleRequest(
      APIGatewayV2CustomAuthorizerEvent event, Context context) {
    if (context != null && context.getAwsRequestId() != null) {
      MDC.put(LogKeys.AWS_REQUEST_ID, context.getAwsRequestId());
    }
    try {
      return authorizer.authorize(event == null ? null : event.getHeaders());
    } finally {
      MDC.remove(LogKeys.AWS_REQUEST_ID);
    }
  }
}
