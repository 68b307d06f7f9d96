package app.billing.provisioning.core;

import com.stripe.model.PaymentIntent;

/**
 * Manual capture of a one-time purchase, as its payment intent tells it. The card is authorized
 * first ({@code requires_capture}: purchase {@code authorized}, no credits), then captured by an
 * operator ({@code succeeded}: {@code paid}, credits and receipt) or released ({@code canceled}: by
 * an operator, or by Stripe when the authorization expires). Pure functions: no I/O.
 */
final class Authorizations {
  static final String AUTHORIZED = "authorized";
  static final String PAID = "paid";
  static final String CANCELED = "canceled";

  private Authorizations() {}

  /**
   * Automatic-capture intents add nothing to their checkout's own events (and most belong to
   * invoices), so only manual ones are looked at.
   */
  static boolean isManual(PaymentIntent intent) {
    return "manual".equals(intent.getCaptureMethod());
  }

  /** The purchase status the intent's status means, or null when it says nothing final yet. */
  static String purchaseStatus(PaymentIntent intent) {
    return switch (String.valueOf(intent.getStatus())) {
      case "requires_capture" -> AUTHORIZED;
      case "succeeded" -> PAID;
      case "canceled" -> CANCELED;
      default -> null;
    };
  }

  /** Stripe released the hold itself: the authorization ran out before anyone captured it. */
  static boolean expired(PaymentIntent intent) {
    String reason = intent.getCancellationReason();
    return "automatic".equals(reason) || "expired".equals(reason);
  }
}
