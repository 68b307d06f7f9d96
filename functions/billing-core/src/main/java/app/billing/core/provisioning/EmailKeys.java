package app.billing.core.provisioning;

import app.billing.core.email.EmailKind;

/**
 * Keys of the email guards: what an email is sent at most once for ({@code scope}: an event id, or
 * something lasting like a subscription) and which email. Provisioning claims them; backfill marks
 * the welcome of subscriptions that predate it as sent.
 */
public final class EmailKeys {
  private EmailKeys() {}

  public static String of(String scope, EmailKind kind) {
    return scope + ":" + kind.template();
  }

  /** One welcome per subscription, kept for good. */
  public static String welcomeScope(String subscriptionId) {
    return "welcome:" + subscriptionId;
  }

  public static String welcome(String subscriptionId) {
    return of(welcomeScope(subscriptionId), EmailKind.WELCOME);
  }
}
