package app.billing.checkout.handler;

import app.billing.core.checkout.CheckoutRequest;
import app.billing.core.checkout.IdempotencyKeys;
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
 * {@code 201 {"checkout_url", "session_id"}}. An optional {@code Idempotency-Key} header makes a
 * retry return the same session. The tenant comes only from the authorizer's context.
 */
public final class CheckoutHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final CheckoutService service;

  /** Used by Lambda: the production service, built once per container from the environment. */
  public CheckoutHandler() {
    this(Production.SERVICE);
  }

  /** For tests and other wiring. */
  public CheckoutHandler(CheckoutService service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  /** Initialised on first use of the no-arg constructor, i.e. in the Lambda init phase. */
  private static final class Production {
    static final CheckoutService SERVICE =
        CheckoutWiring.fromEnvironment(EnvironmentSecrets.resolve(System.getenv()), Clock.systemUTC());

    static {
      // SnapStart: warm the request path before the snapshot (no network, no writes).
      Priming.register("checkout", new CheckoutPriming(Optional.ofNullable(System.getenv("AWS_REGION"))));
    }
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
    CheckoutResult result = service.checkout(tenantId, CheckoutRequest.fromJson(request.body()),
        IdempotencyKeys.clientKey(request.header(IdempotencyKeys.CLIENT_HEADER)));
    JsonObject body = new JsonObject();
    body.addProperty("checkout_url", result.checkoutUrl());
    body.addProperty("session_id", result.sessionId());
    return ApiResponses.json(201, body);
  }
}
