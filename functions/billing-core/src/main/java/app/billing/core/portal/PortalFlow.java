package app.billing.core.portal;

import app.billing.core.error.ValidationException;
import app.billing.core.port.StripeWrites.PortalFlowType;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The {@code flow} of {@code POST /billing/portal}: a deep link into one task of the portal. */
public enum PortalFlow {
  PAYMENT_METHOD_UPDATE("payment_method_update", PortalFlowType.PAYMENT_METHOD_UPDATE, false),
  SUBSCRIPTION_CANCEL("subscription_cancel", PortalFlowType.SUBSCRIPTION_CANCEL, true),
  SUBSCRIPTION_UPDATE("subscription_update", PortalFlowType.SUBSCRIPTION_UPDATE, true);

  private final String wireName;
  private final PortalFlowType type;
  private final boolean needsSubscription;

  PortalFlow(String wireName, PortalFlowType type, boolean needsSubscription) {
    this.wireName = wireName;
    this.type = type;
    this.needsSubscription = needsSubscription;
  }

  public String wireName() {
    return wireName;
  }

  public PortalFlowType type() {
    return type;
  }

  /** Stripe needs the subscription the flow acts on. */
  public boolean needsSubscription() {
    return needsSubscription;
  }

  /**
   * @throws ValidationException naming the field when the name is not a flow
   */
  public static PortalFlow fromWireName(String name) {
    return Arrays.stream(values())
        .filter(f -> f.wireName.equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                ValidationException.field(
                    "flow",
                    "'flow' must be one of: "
                        + Arrays.stream(values())
                            .map(PortalFlow::wireName)
                            .collect(Collectors.joining(", "))
                        + "."));
  }
}
