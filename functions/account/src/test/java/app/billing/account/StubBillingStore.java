package app.billing.account;

import app.billing.core.model.CustomerRecord;
import app.billing.core.model.EntitlementsRecord;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.port.BillingStore;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The readers of {@link BillingStore} the account function uses, over maps. Any other port method
 * fails: the account function never writes. A proxy, so that new port methods need no change here.
 */
public final class StubBillingStore {
  public final Map<String, SubscriptionRecord> subscriptions = new HashMap<>();
  public final Map<String, CustomerRecord> customers = new HashMap<>();
  public final Map<String, EntitlementsRecord> entitlements = new HashMap<>();
  public final Map<String, List<PaymentRecord>> payments = new HashMap<>();
  public final Map<String, Long> credits = new HashMap<>();

  /** When set, every read throws it. */
  public RuntimeException failure;

  public BillingStore port() {
    return (BillingStore)
        Proxy.newProxyInstance(
            BillingStore.class.getClassLoader(),
            new Class<?>[] {BillingStore.class},
            (proxy, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                  case "equals" -> proxy == args[0];
                  case "hashCode" -> System.identityHashCode(proxy);
                  default -> "StubBillingStore";
                };
              }
              if (failure != null) {
                throw failure;
              }
              String tenantId =
                  args != null && args.length == 1 && args[0] instanceof String s ? s : null;
              return switch (method.getName()) {
                case "subscription" -> Optional.ofNullable(subscriptions.get(tenantId));
                case "customer" -> Optional.ofNullable(customers.get(tenantId));
                case "entitlements" -> Optional.ofNullable(entitlements.get(tenantId));
                case "payments" -> payments.getOrDefault(tenantId, List.of());
                case "credits" -> credits.getOrDefault(tenantId, 0L);
                default ->
                    throw new UnsupportedOperationException(
                        "the account function only reads; called " + method.getName());
              };
            });
  }

  public List<PaymentRecord> payments(String tenantId) {
    return payments.getOrDefault(tenantId, List.of());
  }
}
