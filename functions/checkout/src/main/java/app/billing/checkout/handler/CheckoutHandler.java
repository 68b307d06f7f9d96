package app.billing.checkout.handler;

import app.billing.core.checkout.CheckoutRequest;
import app.billing.core.checkout.CheckoutResult;
import app.billing.core.checkout.CheckoutService;
import app.billing.core.priming.Priming;
import app.billing.http.ApiRequest;
import app.billing.http.ApiResponses;
import app.billing.secrets.EnvironmentSecrets;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /billing/checkout} (API Gateway HTTP API, payload 2.0): body
 * {@code {"plan", "billing_cycle"?, "success_url"?, "cancel_url"?, "quantity"?}}, answered with
 * {@code 201 {"checkout_url", "session_id"}}. The tenant comes only from the authorizer's context.
 */
public final class CheckoutHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final CheckoutService service;

  /** Used by Lambda: the production service, built once per container from the environment. */
  public CheckoutHandler() {
    // Built here, not in a static holder: a configuration error then reaches Lambda as itself
    // (errorMessage "Invalid configuration: ..."), not as a message-less ExceptionInInitializerError.
    this(EnvironmentSecrets.resolveThenRead(System.getenv(), env -> CheckoutWiring.fromEnvironment(env, Clock.systemUTC())));
    // SnapStart: warm the request path before the snapshot (no network, no writes).
    Priming.register("checkout", new CheckoutPriming(Optional.ofNullable(System.getenv("AWS_REGION"))));
  }

  /** For tests and other wiring. */
  public CheckoutHandler(CheckoutService service) {
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
    CheckoutResult result = service.checkout(tenantId, CheckoutRequest.fromJson(request.body()));
    JsonObject body = new JsonObject();
    body.addProperty("checkout_url", result.checkoutUrl());
    body.addProperty("session_id", result.sessionId());
    return ApiResponses.json(201, body);
  }
}
