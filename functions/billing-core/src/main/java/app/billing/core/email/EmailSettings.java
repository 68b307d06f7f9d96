package app.billing.core.email;

import java.util.List;

/**
 * @param from the verified SES sender, e.g. {@code "Acme Billing <billing@acme.test>"}
 * @param productName how emails name the product
 * @param billingUrl the app page where customers manage billing (opens the portal)
 */
public record EmailSettings(
    String from, List<String> replyTo, String productName, String billingUrl) {
  public EmailSettings {
    replyTo = List.copyOf(replyTo);
  }
}
