package app.billing.local.stripe;

import java.util.Optional;

/** What a customer can do on the local portal page; {@code path} is the action's URL segment. */
enum PortalAction {
  CANCEL_AT_PERIOD_END("cancel-at-period-end"),
  REACTIVATE("reactivate"),
  CANCEL_NOW("cancel-now"),
  SWITCH_PLAN("switch-plan"),
  RENEW("simulate-renewal"),
  FAIL_RENEWAL("simulate-failed-renewal"),
  UPDATE_PAYMENT_METHOD("update-payment-method");

  final String path;

  PortalAction(String path) {
    this.path = path;
  }

  static Optional<PortalAction> fromPath(String path) {
    for (PortalAction action : values()) {
      if (action.path.equals(path)) {
        return Optional.of(action);
      }
    }
    return Optional.empty();
  }
}
