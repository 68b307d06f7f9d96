package app.billing.checkout.handler;

import app.billing.core.checkout.CheckoutRequest;
import app.billing.core.checkout.CheckoutResult;
import app.billing.core.checkout.CheckoutService;
import app.billing.core.checkout.IdempotencyKeys;
import app.billing.core.metrics.EmfMetrics;
import app.billing.core.metrics.MetricNames;
import app.billing.core.priming.Priming;
import app.billing.http.ApiRequest;
import app.billing.http.ApiResponses;
import app.billing.http.RequestBodies;
import app.billing.provisioning.core.recovery.SyncService;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The checkout function (API Gateway HTTP API, payload 2.0); the tenant comes only from the
 * authorizer's context:
 *
 * <ul>
 *   <li>{@code POST /billing/checkout}: body {@code {"plan", "billing_cycle"?, "success_url"?,
 *       "cancel_url"?, "quantity"?}}, answered with {@code 201 {"checkout_url", "session_id"}}; an
 *       optional {@code Idempotency-Key} header makes a retry return the same session;
 *   <li>{@code POST /billing/sync}: no body; refetches the tenant's subscriptions from Stripe and
 *       answers {@code 200} with the view of {@code GET /billing/subscription} (the success page
 *       calls it so a customer back from Checkout before the webhooks sees the subscription).
 * </ul>
 */
public final class CheckoutHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  static final String SYNC_PATH = "/billing/sync";

  private final CheckoutService service;
  private final SyncService sync;
  private final EmfMetrics metrics;

  /** Used by Lambda: the production services, built once per container from the environment. */
  public CheckoutHandler() {
    // Built here, not in a static holder: a configuration error then reaches Lambda as itself
    // (errorMessage "Invalid configuration: ..."), not as a message-less
    // ExceptionInInitializerError.
    this(CheckoutWiring.fromEnvironment(System.getenv(), Clock.systemUTC()));
    // SnapStart: warm the request path before the snapshot (no network, no writes).
    Priming.register(
        "checkout", new CheckoutPriming(Optional.ofNullable(System.getenv("AWS_REGION"))));
  }

  private CheckoutHandler(CheckoutHandler built) {
    this(built.service, built.sync, built.metrics);
  }

  /** For tests and other wiring. */
  public CheckoutHandler(CheckoutService service, SyncService sync) {
    this(service, sync, EmfMetrics.discarding("checkout"));
  }

  /**
   * @param metrics counts sessions created by plan and 429s; flushed at the end of each request
   */
  public CheckoutHandler(CheckoutService service, SyncService sync, EmfMetrics metrics) {
    this.service = Objects.requireNonNull(service, "service");
    this.sync = Objects.requireNonNull(sync, "sync");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    try {
      APIGatewayV2HTTPResponse response = ApiResponses.serve(event, context, this::route);
      if (response.getStatusCode() == 429) {
        metrics.count(MetricNames.RATE_LIMITED);
      }
      return response;
    } finally {
      metrics.flush();
    }
  }

  private APIGatewayV2HTTPResponse route(ApiRequest request) {
    if (!"POST".equals(request.method())) {
      return ApiResponses.methodNotAllowed("POST");
    }
    String tenantId = request.tenantId();
    if (isSync(request.event())) {
      return ApiResponses.json(200, sync.sync(tenantId));
    }
    CheckoutRequest checkout = RequestBodies.checkout(request.body());
    CheckoutResult result =
        service.checkout(
            tenantId,
            checkout,
            IdempotencyKeys.clientKey(request.header(IdempotencyKeys.CLIENT_HEADER)));
    metrics.count(MetricNames.CHECKOUT_SESSIONS_CREATED, Map.of(MetricNames.PLAN, checkout.plan()));
    JsonObject body = new JsonObject();
    body.addProperty("checkout_url", result.checkoutUrl());
    body.addProperty("session_id", result.sessionId());
    return ApiResponses.json(201, body);
  }

  /** API Gateway routes only the two paths here; the route key names the one matched. */
  private static boolean isSync(APIGatewayV2HTTPEvent event) {
    String routeKey = event.getRouteKey();
    if (routeKey != null && routeKey.startsWith("POST /")) {
      return routeKey.equals("POST " + SYNC_PATH);
    }
    String path = event.getRawPath() == null ? "" : event.getRawPath();
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.endsWith(SYNC_PATH);
  }
}
