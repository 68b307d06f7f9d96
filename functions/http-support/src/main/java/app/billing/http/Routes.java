package app.billing.http;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP API as the code serves it: every route, the function (Maven module and handler class)
 * that answers it, and whether the Lambda authorizer guards it, collected from {@link
 * BillingFunction}. template.yaml declares the same routes (deploy-tests' FunctionListContractTest
 * fails when the two differ), the OpenAPI document describes them ({@link OpenApiDocument};
 * OpenApiDocumentTest fails when the two differ) and the local stack's HTTP API emulator routes by
 * it.
 */
public final class Routes {

  /**
   * @param function the function's module name under {@code functions/} (also its events/ folder)
   * @param handler the handler class, as in the template's {@code Handler} (without {@code
   *     ::handleRequest})
   * @param authorized true when the Lambda authorizer must have resolved a tenant first
   */
  public record Route(
      String method, String path, String function, String handler, boolean authorized) {
    public Route {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(function, "function");
      Objects.requireNonNull(handler, "handler");
    }

    /** API Gateway's route key, e.g. {@code POST /billing/checkout}. */
    public String routeKey() {
      return method + " " + path;
    }
  }

  /** Every route, in {@link BillingFunction} order. */
  public static final List<Route> ALL =
      Arrays.stream(BillingFunction.values()).flatMap(f -> f.routes().stream()).toList();

  private Routes() {}
}
