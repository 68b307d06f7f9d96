package app.billing.admin;

import app.billing.admin.Spec.Context;
import app.billing.core.capture.AuthorizationReview;
import app.billing.core.capture.AuthorizationReview.Done;
import app.billing.core.config.ConfigReader;
import app.billing.core.error.ValidationException;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.stripe.StripeCaptureAdapter;
import app.billing.stripe.StripeSettings;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Manual capture ({@link AuthorizationReview}): {@code capture} and {@code cancel-authorization} of
 * a tenant's {@code authorized} purchase. The purchase record follows from the events Stripe sends
 * back, like any other change.
 */
final class CaptureCommands {
  static final List<Spec> SPECS =
      List.of(
          new Spec(
              "capture",
              List.of("--tenant", "--purchase"),
              List.of(),
              "Captures an authorized (manual-capture) purchase: the card is charged; the purchase becomes paid,"
                  + " with its credits and receipt, once Stripe's payment_intent.succeeded is applied.",
              (c, o, out) -> report(review(c), o, out, true)),
          new Spec(
              "cancel-authorization",
              List.of("--tenant", "--purchase"),
              List.of(),
              "Releases an authorized purchase's hold on the card: nothing is charged; the purchase becomes"
                  + " canceled (and the customer is told) once payment_intent.canceled is applied.",
              (c, o, out) -> report(review(c), o, out, false)));

  private CaptureCommands() {}

  private static void report(
      AuthorizationReview review, Map<String, String> options, PrintStream out, boolean capture) {
    String tenant = options.get("--tenant").strip();
    String purchase = options.get("--purchase").strip();
    if (!purchase.matches("cs_[A-Za-z0-9_]+")) {
      throw ValidationException.field(
          "--purchase",
          "--purchase must be a purchase id (the checkout session id, cs_...), got '"
              + purchase
              + "'.");
    }
    Done done = capture ? review.capture(tenant, purchase) : review.cancel(tenant, purchase);
    out.println(
        (capture ? "Captured " : "Released the authorization of ")
            + "purchase "
            + done.purchaseId()
            + " ("
            + done.paymentIntentId()
            + "): Stripe says "
            + done.status()
            + ". The purchase becomes "
            + (capture ? "paid" : "canceled")
            + " when provisioning applies Stripe's event.");
  }

  private static AuthorizationReview review(Context context) {
    ConfigReader reader = new ConfigReader(context.env());
    StripeSettings stripe = StripeSettings.fromEnvironment(reader);
    reader.validate();
    return new AuthorizationReview(
        new DynamoBillingStore(context.dynamo(), context.table()),
        new StripeCaptureAdapter(stripe.client()));
  }
}
