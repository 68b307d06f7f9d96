package app.billing.portal.handler;

import app.billing.core.checkout.IdempotencyKeys;
import app.billing.core.portal.PortalResult;
import app.billing.core.portal.PortalService;
import app.billing.core.priming.Priming;
import app.billing.http.ApiRequest;
import app.billing.http.ApiResponses;
import app.billing.http.RequestBodies;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /billing/portal} (API Gateway HTTP API, payload 2.0): body {@code {"return_url"?,
 * "flow"?}} (may be empty), answered with {@code 201 {"portal_url"}}. An optional {@code
 * Idempotency-Key} header makes a retry return the same session. The tenant comes only from the
 * authorizer's context.
 */
public final class PortalHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final PortalService service;

  /** Used by Lambda: the production service, built once per container from the environment. */
  public PortalHandler() {
    // Built here, not in a static holder: a configuration error then reaches Lambda as itself
    // (errorMessage "Invalid configuration: ..."), not as a message-less
    // ExceptionInInitializerError.
    this(PortalWiring.fromEnvironment(System.getenv(), Clock.systemUTC()));
    // SnapStart: warm the request path before the snapshot (no network, no writes).
    Priming.register("portal", new PortalPriming(Optional.ofNullable(System.getenv("AWS_REGION"))));
  }

  private PortalHandler(PortalHandler built) {
    this(built.service);
  }

  /** For tests and other wiring. */
  public PortalHandler(PortalService service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return ApiResponses.serve(event, context, this::route);
  }

  private APIGatewayV2HTTPResponse route(ApiRequest request) {
    if (!"POST".equals(request.method())) {
      return ApiResponses.methodNotAllowed("POST");
    }
    String tenantId = request.tenantId();
    PortalResult result =
        service.open(
            tenantId,
            RequestBodies.portal(request.body()),
            IdempotencyKeys.clientKey(request.header(IdempotencyKeys.CLIENT_HEADER)));
    JsonObject body = new JsonObject();
    body.addProperty("portal_url", result.portalUrl());
    return ApiResponses.json(201, body);
  }
}
