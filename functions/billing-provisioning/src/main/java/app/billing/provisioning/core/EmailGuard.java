package app.billing.provisioning.core;

import app.billing.core.provisioning.EmailKeys;

/**
 * What an email is sent at most once for: one event (the guard only needs to outlive redelivery) or
 * something lasting, like a subscription's welcome (kept for good).
 */
record EmailGuard(String scope, boolean forever) {
  static EmailGuard perEvent(String eventId) {
    return new EmailGuard(eventId, false);
  }

  static EmailGuard forever(String scope) {
    return new EmailGuard(scope, true);
  }

  static EmailGuard welcome(String subscriptionId) {
    return forever(EmailKeys.welcomeScope(subscriptionId));
  }
}
