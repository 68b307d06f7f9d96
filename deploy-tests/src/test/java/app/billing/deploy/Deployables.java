package app.billing.deploy;

import app.billing.account.handler.AccountHandler;
import app.billing.account.handler.AccountWiring;
import app.billing.authorizer.handler.AuthorizerHandler;
import app.billing.authorizer.handler.AuthorizerWiring;
import app.billing.checkout.handler.CheckoutWiring;
import app.billing.portal.handler.PortalHandler;
import app.billing.portal.handler.PortalWiring;
import app.billing.provisioning.ProvisioningWiring;
import app.billing.provisioning.handler.ProvisioningHandler;
import app.billing.reconciler.handler.ReconcilerHandler;
import app.billing.reconciler.handler.ReconcilerWiring;
import app.billing.secrets.EnvironmentSecrets;
import app.billing.usage.handler.UsageHandler;
import app.billing.usage.handler.UsageWiring;
import app.billing.webhook.handler.WebhookHandler;
import app.billing.webhook.handler.WebhookWiring;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every function the template deploys: its logical id, its module (= its events/ folder) and how
 * its Lambda init builds the handler from an environment. Each {@code init} is what the handler's
 * no-argument constructor does with {@code System.getenv()}: resolve {@code *_ARN} secrets, then
 * the function's wiring (which validates the configuration first, so an empty map throws {@link
 * app.billing.core.config.ConfigException} naming every required variable).
 */
final class Deployables {
  record Deployable(
      String logicalId, String folder, Function<Map<String, String>, RequestHandler<?, ?>> init) {}

  static final MutableClock CLOCK = new MutableClock();

  /**
   * In events-run order: provisioning fills the table that account then reads; the reconciler runs
   * last, so the event it enqueues is not taken by provisioning's batches.
   */
  static final List<Deployable> ALL =
      List.of(
          new Deployable(
              "WebhookFunction",
              "webhook",
              env ->
                  new WebhookHandler(
                      EnvironmentSecrets.resolveThenRead(
                          env, e -> WebhookWiring.fromEnvironment(e, CLOCK)))),
          new Deployable(
              "ProvisioningFunction",
              "provisioning",
              env ->
                  new ProvisioningHandler(
                      EnvironmentSecrets.resolveThenRead(env, ProvisioningWiring::from).service())),
          new Deployable(
              "AuthorizerFunction",
              "authorizer",
              env ->
                  new AuthorizerHandler(
                      AuthorizerWiring.fromEnvironment(EnvironmentSecrets.resolve(env)))),
          new Deployable(
              "AccountFunction",
              "account",
              env ->
                  new AccountHandler(
                      AccountWiring.fromEnvironment(
                          EnvironmentSecrets.resolve(env), Clock.systemUTC()))),
          new Deployable(
              "CheckoutFunction",
              "checkout",
              env ->
                  EnvironmentSecrets.resolveThenRead(
                      env, e -> CheckoutWiring.fromEnvironment(e, Clock.systemUTC()))),
          new Deployable(
              "PortalFunction",
              "portal",
              env ->
                  new PortalHandler(
                      EnvironmentSecrets.resolveThenRead(
                          env, e -> PortalWiring.fromEnvironment(e, Clock.systemUTC())))),
          new Deployable(
              "UsageFunction",
              "usage",
              env ->
                  new UsageHandler(
                      EnvironmentSecrets.resolveThenRead(
                          env, e -> UsageWiring.fromEnvironment(e, Clock.systemUTC())))),
          new Deployable(
              "ReconcilerFunction",
              "reconciler",
              env ->
                  new ReconcilerHandler(
                      EnvironmentSecrets.resolveThenRead(
                          env, e -> ReconcilerWiring.fromEnvironment(e, Clock.systemUTC())),
                      Clock.systemUTC())));

  private Deployables() {}

  static Optional<Deployable> byLogicalId(String logicalId) {
    return ALL.stream().filter(d -> d.logicalId().equals(logicalId)).findFirst();
  }

  static Optional<Deployable> byFolder(String folder) {
    return ALL.stream().filter(d -> d.folder().equals(folder)).findFirst();
  }

  /**
   * I and O of the {@code RequestHandler<I, O>} the class implements (directly or via a
   * superclass).
   */
  static Optional<Type[]> requestHandlerTypes(Class<?> handler) {
    for (Class<?> c = handler; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Type type : c.getGenericInterfaces()) {
        if (type instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
          return Optional.of(p.getActualTypeArguments());
        }
      }
    }
    return Optional.empty();
  }

  static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new IllegalArgumentException("not a class: " + type);
  }
}
