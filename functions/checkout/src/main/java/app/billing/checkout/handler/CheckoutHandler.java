package app.billing.checkout.handler;

import app.billing.core.checkout.CheckoutRequest;
import app.billing.core.checkout.CheckoutResult;
import app.billing.core.checkout.CheckoutService;
import app.billing.core.error.ValidationException;
import app.billing.http.ApiRequest;
import app.billing.http.ApiResponses;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.slf4j.MDC;

/**
 * {@code POST /billing/checkout} (API Gateway HTTP API, payload 2.0): body
 * {@code {"plan", "billing_cycle"?, "success_url"?, "cancel_url"?, "quantity"?}}, answered with
 * {@code 201 {"checkout_url", "session_id"}}. The tenant comes only from the authorizer's context.
 */
public final class CheckoutHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  static final String MDC_REQUEST_ID = "awsRequestId";
  static final String MDC_TENANT_ID = "tenantId";

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
    static final CheckoutService SERVICE = CheckoutWiring.fromEnvironment(System.getenv(), Clock.systemUTC());
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    if (context != null && context.getAwsRequestId() != null) {
      MDC.put(MDC_REQUEST_ID, context.getAwsRequestId());
    }
    try {
      return ApiResponses.handle(() -> route(event));
    } finally {
      MDC.remove(MDC_TENANT_ID);
      MDC.remove(MDC_REQUEST_ID);
    }
  }

  private APIGatewayV2HTTPResponse route(APIGatewayV2HTTPEvent event) {
    if (event == null) {
      throw new ValidationException("invalid_request", "The request is empty.");
    }
    ApiRequest request = new ApiRequest(event);
    if (!"POST".equals(request.method())) {
      return methodNotAllowed();
    }
    String tenantId = request.tenantId();
    MDC.put(MDC_TENANT_ID, tenantId);
    CheckoutResult result = service.checkout(tenantId, CheckoutRequest.fromJson(request.body()));
    JsonObject body = new JsonObject();
    body.addProperty("checkout_url", result.checkoutUrl());
    body.addProperty("session_id", result.sessionId());
    return ApiResponses.json(201, body);
  }

  static APIGatewayV2HTTPResponse methodNotAllowed() {
    JsonObject error = new JsonObject();
    error.addProperty("code", "method_not_allowed");
    error.addProperty("message", "Only POST is allowed on this route.");
    JsonObject body = new JsonObject();
    body.add("error", error);
    return ApiResponses.json(405, body, Map.of("allow", "POST"));
  }
}
