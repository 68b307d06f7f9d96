package app.billing.account.handler;

import app.billing.core.account.AccountService;
import app.billing.core.error.NotFoundException;
import app.billing.core.log.LogKeys;
import app.billing.core.priming.Priming;
import app.billing.http.ApiRequest;
import app.billing.http.ApiResponses;
import app.billing.http.OpenApiDocument;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The tenant's read API (API Gateway HTTP API, payload format 2.0):
 *
 * <ul>
 *   <li>{@code GET /billing/subscription} (authorizer): plan, status and access now;
 *   <li>{@code GET /billing/payments?limit=&cursor=} (authorizer): payment history, newest first;
 *   <li>{@code GET /billing/plans} (public): the catalog without Stripe price ids;
 *   <li>{@code GET /billing/openapi.json} (public): the API's OpenAPI document ({@link
 *       OpenApiDocument}).
 * </ul>
 *
 * Unknown paths are 404, known paths with another method 405. The tenant comes only from the
 * authorizer context ({@link ApiRequest#tenantId()}).
 */
public final class AccountHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private static final Logger log = LoggerFactory.getLogger(AccountHandler.class);

  /**
   * A route key naming one concrete path, e.g. {@code GET /billing/plans} (not {@code $default} or
   * {proxy+}).
   */
  private static final Pattern CONCRETE_ROUTE_KEY = Pattern.compile("[A-Z]+ (/[^{}\\s]*)");

  /** The routes this function serves; each answers GET only. */
  enum Route {
    SUBSCRIPTION("/billing/subscription"),
    PAYMENTS("/billing/payments"),
    PLANS("/billing/plans"),
    OPENAPI("/billing/openapi.json");

    final String path;

    Route(String path) {
      this.path = path;
    }

    static Optional<Route> byPath(String path) {
      return Arrays.stream(values()).filter(r -> r.path.equals(path)).findFirst();
    }
  }

  /** Parsed on first use, once per container; never modified. */
  private static final class Document {
    static final com.google.gson.JsonObject JSON = OpenApiDocument.json();
  }

  private final AccountService service;

  /** Used by Lambda: the production service, built once per container from the environment. */
  public AccountHandler() {
    // Built here, not in a static holder: a configuration error then reaches Lambda as itself
    // (errorMessage "Invalid configuration: ..."), not as a message-less
    // ExceptionInInitializerError.
    this(AccountWiring.fromEnvironment(System.getenv(), Clock.systemUTC()));
    // SnapStart: warm the request path before the snapshot (no network, no writes).
    Priming.register(
        "account", new AccountPriming(Optional.ofNullable(System.getenv("AWS_REGION"))));
  }

  private AccountHandler(AccountHandler built) {
    this(built.service);
  }

  /** For tests and other wiring: the handler around a given service. */
  public AccountHandler(AccountService service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return ApiResponses.serve(event, context, this::route);
  }

  private APIGatewayV2HTTPResponse route(ApiRequest request) {
    String path = path(request.event());
    Route route =
        Route.byPath(path)
            .orElseThrow(
                () -> new NotFoundException("not_found", "There is no route " + path + "."));
    MDC.put(LogKeys.ROUTE, route.name().toLowerCase(java.util.Locale.ROOT));
    if (!"GET".equals(request.method())) {
      return ApiResponses.methodNotAllowed("GET");
    }
    log.debug("{} {}", request.method(), route.path);
    Object body =
        switch (route) {
          case SUBSCRIPTION -> service.subscription(request.tenantId());
          case PAYMENTS ->
              service.payments(request.tenantId(), request.query("limit"), request.query("cursor"));
          case PLANS -> service.plans();
          case OPENAPI -> Document.JSON;
        };
    return ApiResponses.json(200, body);
  }

  /**
   * The path the request was routed on: the route key's path when it names one (API Gateway has
   * matched it already), else the raw path without the stage prefix and trailing slash.
   */
  static String path(APIGatewayV2HTTPEvent event) {
    if (event.getRouteKey() != null) {
      Matcher routeKey = CONCRETE_ROUTE_KEY.matcher(event.getRouteKey());
      if (routeKey.matches()) {
        return routeKey.group(1);
      }
    }
    String path = event.getRawPath() == null ? "" : event.getRawPath();
    var context = event.getRequestContext();
    String stage = context == null ? null : context.getStage();
    if (stage != null
        && !stage.isEmpty()
        && !"$default".equals(stage)
        && path.startsWith("/" + stage + "/")) {
      path = path.substring(stage.length() + 1);
    }
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path;
  }
}
