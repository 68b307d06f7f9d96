package app.billing.usage.handler;

import app.billing.core.priming.Priming;
import app.billing.core.usage.UsageService;
import app.billing.http.ApiRequest;
import app.billing.http.ApiResponses;
import app.billing.http.RequestBodies;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /billing/usage} (API Gateway HTTP API, payload 2.0; behind the authorizer):
 *
 * <ul>
 *   <li>{@code POST} {@code {"meter", "value", "idempotency_key"}}: records the usage at Stripe,
 *       answered {@code 202 {"meter", "value", "identifier"}} (Stripe aggregates meter events
 *       asynchronously); a retry with the same key is counted once;
 *   <li>{@code GET ?meter=}: {@code 200 {"meter", "plan", "total", "current_period_start",
 *       "current_period_end"}}, the meter's total in the subscription's current period.
 * </ul>
 *
 * The tenant comes only from the authorizer's context.
 */
public final class UsageHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final UsageService service;

  /** Used by Lambda: the production service, built once per container from the environment. */
  public UsageHandler() {
    // Built here, not in a static holder: a configuration error then reaches Lambda as itself.
    this(UsageWiring.fromEnvironment(System.getenv(), Clock.systemUTC()));
    // SnapStart: warm the request path before the snapshot (no network, no writes).
    Priming.register("usage", new UsagePriming(Optional.ofNullable(System.getenv("AWS_REGION"))));
  }

  private UsageHandler(UsageHandler built) {
    this(built.service);
  }

  /** For tests and other wiring. */
  public UsageHandler(UsageService service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return ApiResponses.serve(event, context, this::route);
  }

  private APIGatewayV2HTTPResponse route(ApiRequest request) {
    return switch (request.method()) {
      case "POST" ->
          ApiResponses.json(
              202, service.record(request.tenantId(), RequestBodies.usage(request.body())));
      case "GET" ->
          ApiResponses.json(200, service.total(request.tenantId(), request.query("meter")));
      default -> ApiResponses.methodNotAllowed("GET, POST");
    };
  }
}
