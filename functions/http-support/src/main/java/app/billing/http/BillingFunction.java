package app.billing.http;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one list of the functions this project deploys: each one's template logical id, its Maven
 * module under {@code functions/} (also its {@code events/} folder and its jar, {@code
 * <module>-function.jar}), its handler class and the HTTP API routes it serves. template.yaml, the
 * Makefile and {@link Routes} are checked against it (deploy-tests' FunctionListContractTest); the
 * local stack and the deploy tests build a handler for every entry (exhaustive switches, so a new
 * entry does not compile until both know how to build it).
 */
public enum BillingFunction {
  WEBHOOK(
      "WebhookFunction",
      "webhook",
      "app.billing.webhook.handler.WebhookHandler",
      Endpoint.publicRoute("POST", "/webhooks/stripe")),
  PROVISIONING(
      "ProvisioningFunction",
      "provisioning",
      "app.billing.provisioning.handler.ProvisioningHandler"),
  /** Guards every {@link Routes.Route#authorized()} route; payload 2.0, simple responses. */
  AUTHORIZER(
      "AuthorizerFunction", "authorizer", "app.billing.authorizer.handler.AuthorizerHandler"),
  CHECKOUT(
      "CheckoutFunction",
      "checkout",
      "app.billing.checkout.handler.CheckoutHandler",
      Endpoint.authorized("POST", "/billing/checkout"),
      Endpoint.authorized("POST", "/billing/sync")),
  PORTAL(
      "PortalFunction",
      "portal",
      "app.billing.portal.handler.PortalHandler",
      Endpoint.authorized("POST", "/billing/portal")),
  ACCOUNT(
      "AccountFunction",
      "account",
      "app.billing.account.handler.AccountHandler",
      Endpoint.authorized("GET", "/billing/subscription"),
      Endpoint.authorized("GET", "/billing/payments"),
      Endpoint.publicRoute("GET", "/billing/plans"),
      Endpoint.publicRoute("GET", "/billing/openapi.json")),
  USAGE(
      "UsageFunction",
      "usage",
      "app.billing.usage.handler.UsageHandler",
      Endpoint.authorized("POST", "/billing/usage"),
      Endpoint.authorized("GET", "/billing/usage")),
  RECONCILER(
      "ReconcilerFunction", "reconciler", "app.billing.reconciler.handler.ReconcilerHandler");

  /** A route as listed here; {@link #routes()} adds the function to it. */
  record Endpoint(String method, String path, boolean authorized) {
    static Endpoint authorized(String method, String path) {
      return new Endpoint(method, path, true);
    }

    static Endpoint publicRoute(String method, String path) {
      return new Endpoint(method, path, false);
    }
  }

  private final String logicalId;
  private final String module;
  private final String handler;
  private final List<Routes.Route> routes;

  BillingFunction(String logicalId, String module, String handler, Endpoint... endpoints) {
    this.logicalId = logicalId;
    this.module = module;
    this.handler = handler;
    this.routes =
        Arrays.stream(endpoints)
            .map(e -> new Routes.Route(e.method(), e.path(), module, handler, e.authorized()))
            .toList();
  }

  /** The function's resource name in template.yaml (and its {@code build-<id>} Makefile target). */
  public String logicalId() {
    return logicalId;
  }

  /** The Maven module under {@code functions/}; also the function's {@code events/} folder. */
  public String module() {
    return module;
  }

  /** The handler class, as in the template's {@code Handler} without {@code ::handleRequest}. */
  public String handler() {
    return handler;
  }

  /** The HTTP API routes it answers; empty for functions not behind the API. */
  public List<Routes.Route> routes() {
    return routes;
  }

  public static Optional<BillingFunction> byLogicalId(String logicalId) {
    return Arrays.stream(values()).filter(f -> f.logicalId.equals(logicalId)).findFirst();
  }

  public static Optional<BillingFunction> byModule(String module) {
    return Arrays.stream(values()).filter(f -> f.module.equals(module)).findFirst();
  }
}
