package app.billing.http;

import java.util.List;
import java.util.Objects;

/**
 * The HTTP API as the code serves it: every route, the function (Maven module and handler class)
 * that answers it, and whether the Lambda authorizer guards it. template.yaml declares the same
 * routes (deploy-tests' TemplateContractTest fails when the two differ), the OpenAPI document
 * describes them ({@link OpenApiDocument}; OpenApiDocumentTest fails when the two differ) and the
 * local stack's HTTP API emulator can route by it.
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

  public static final String WEBHOOK_HANDLER = "app.billing.webhook.handler.WebhookHandler";
  public static final String CHECKOUT_HANDLER = "app.billing.checkout.handler.CheckoutHandler";
  public static final String PORTAL_HANDLER = "app.billing.portal.handler.PortalHandler";
  public static final String ACCOUNT_HANDLER = "app.billing.account.handler.AccountHandler";
  public static final String USAGE_HANDLER = "app.billing.usage.handler.UsageHandler";

  /** Guards every {@link Route#authorized()} route; payload 2.0, simple responses. */
  public static final String AUTHORIZER_HANDLER =
      "app.billing.authorizer.handler.AuthorizerHandler";

  public static final List<Route> ALL =
      List.of(
          new Route("POST", "/webhooks/stripe", "webhook", WEBHOOK_HANDLER, false),
          new Route("POST", "/billing/checkout", "checkout", CHECKOUT_HANDLER, true),
          new Route("POST", "/billing/sync", "checkout", CHECKOUT_HANDLER, true),
          new Route("POST", "/billing/portal", "portal", PORTAL_HANDLER, true),
          new Route("GET", "/billing/subscription", "account", ACCOUNT_HANDLER, true),
          new Route("GET", "/billing/payments", "account", ACCOUNT_HANDLER, true),
          new Route("GET", "/billing/plans", "account", ACCOUNT_HANDLER, false),
          new Route("GET", "/billing/openapi.json", "account", ACCOUNT_HANDLER, false),
          new Route("POST", "/billing/usage", "usage", USAGE_HANDLER, true),
          new Route("GET", "/billing/usage", "usage", USAGE_HANDLER, true));

  private Routes() {}
}
