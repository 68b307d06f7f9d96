package app.billing.deploy;

import static app.billing.http.BillingFunction.ACCOUNT;
import static app.billing.http.BillingFunction.AUTHORIZER;
import static app.billing.http.BillingFunction.CHECKOUT;
import static app.billing.http.BillingFunction.PORTAL;
import static app.billing.http.BillingFunction.PROVISIONING;
import static app.billing.http.BillingFunction.RECONCILER;
import static app.billing.http.BillingFunction.USAGE;
import static app.billing.http.BillingFunction.WEBHOOK;

import app.billing.account.handler.AccountWiring;
import app.billing.authorizer.handler.AuthorizerWiring;
import app.billing.checkout.handler.CheckoutWiring;
import app.billing.http.BillingFunction;
import app.billing.portal.handler.PortalWiring;
import app.billing.provisioning.ProvisioningWiring;
import app.billing.reconciler.handler.ReconcilerWiring;
import app.billing.usage.handler.UsageWiring;
import app.billing.webhook.handler.WebhookWiring;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every function of {@link BillingFunction} and how its Lambda init builds the handler from an
 * environment: exactly what the handler's no-argument constructor runs with {@code System.getenv()}
 * ({@code XWiring.fromEnvironment}: resolve {@code *_ARN} secrets, validate the configuration, so
 * an empty map throws {@link app.billing.core.config.ConfigException} naming every required
 * variable, then build on production clients), without registering the SnapStart primer.
 */
final class Deployables {
  record Deployable(
      BillingFunction function, Function<Map<String, String>, RequestHandler<?, ?>> init) {
    String logicalId() {
      return function.logicalId();
    }

    /** Its module, which is also its events/ folder. */
    String folder() {
      return function.module();
    }
  }

  static final MutableClock CLOCK = new MutableClock();

  /**
   * In events-run order: provisioning fills the table that account then reads; the reconciler runs
   * last, so the event it enqueues is not taken by provisioning's batches.
   */
  static final List<Deployable> ALL =
      Stream.of(WEBHOOK, PROVISIONING, AUTHORIZER, ACCOUNT, CHECKOUT, PORTAL, USAGE, RECONCILER)
          .map(f -> new Deployable(f, init(f)))
          .toList();

  /** Exhaustive: a function added to {@link BillingFunction} does not compile until it is here. */
  private static Function<Map<String, String>, RequestHandler<?, ?>> init(BillingFunction f) {
    return switch (f) {
      case WEBHOOK -> env -> WebhookWiring.fromEnvironment(env, CLOCK);
      case PROVISIONING -> env -> ProvisioningWiring.fromEnvironment(env, Clock.systemUTC());
      case AUTHORIZER -> AuthorizerWiring::fromEnvironment;
      case ACCOUNT -> env -> AccountWiring.fromEnvironment(env, Clock.systemUTC());
      case CHECKOUT -> env -> CheckoutWiring.fromEnvironment(env, Clock.systemUTC());
      case PORTAL -> env -> PortalWiring.fromEnvironment(env, Clock.systemUTC());
      case USAGE -> env -> UsageWiring.fromEnvironment(env, Clock.systemUTC());
      case RECONCILER -> env -> ReconcilerWiring.fromEnvironment(env, Clock.systemUTC());
    };
  }

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
