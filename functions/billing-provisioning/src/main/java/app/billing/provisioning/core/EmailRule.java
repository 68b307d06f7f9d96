package app.billing.provisioning.core;

import app.billing.core.email.EmailKind;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One email an applied event may call for: sent (at most once per guard, by {@link EmailOnce}) when
 * the event is of {@code eventType} (null: any handled type of the object) and {@code when} holds.
 * The values are computed only once the email is claimed.
 */
record EmailRule<F extends EmailRule.Facts>(
    String eventType,
    Predicate<F> when,
    EmailKind kind,
    Function<F, EmailGuard> guard,
    Function<F, Map<String, Object>> values) {

  /** What a rule looks at: the event being applied and whom the email is about. */
  interface Facts {
    EventRun run();

    /** The Stripe customer, to find an address when the event names none. */
    String customerId();

    /** The address the event itself names (invoice, checkout), or null. */
    String knownEmail();
  }

  boolean applies(F facts) {
    return (eventType == null || eventType.equals(facts.run().envelope.type())) && when.test(facts);
  }

  static Object orFalse(Object value) {
    return value == null ? false : value;
  }
}
