package app.billing.provisioning.adapter;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.testkit.StripeStandIn;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The invoice a payment intent paid, asked of Stripe's Invoice Payments by the intent. */
class StripeApiGatewayInvoicePaymentsTest {
  private static final String PATH = "/v1/invoice_payments";

  @AutoClose final StripeStandIn stripe = StripeStandIn.start();

  private final StripeApiGateway gateway =
      new StripeApiGateway(
          StripeClient.builder().setApiKey("sk_test_local").setApiBase(stripe.baseUrl()).build());

  @Test
  void theInvoicePaymentOfTheIntentNamesItsInvoice() {
    stripe
        .wireMock()
        .stubFor(
            get(urlPathEqualTo(PATH))
                .withQueryParam("payment[type]", equalTo("payment_intent"))
                .withQueryParam("payment[payment_intent]", equalTo("pi_invoice"))
                .willReturn(okJson(list("in_paid"))));

    assertThat(gateway.invoiceOfPaymentIntent("pi_invoice")).contains("in_paid");
  }

  @Test
  void anIntentThatPaidNoInvoiceHasNone() {
    stripe.wireMock().stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(list())));

    assertThat(gateway.invoiceOfPaymentIntent("pi_purchase")).isEmpty();
  }

  private static String list(String... invoiceIds) {
    JsonArray data = new JsonArray();
    for (String invoiceId : invoiceIds) {
      JsonObject payment = new JsonObject();
      payment.addProperty("id", "inpay_" + invoiceId);
      payment.addProperty("object", "invoice_payment");
      payment.addProperty("invoice", invoiceId);
      payment.addProperty("status", "paid");
      payment.addProperty("is_default", true);
      JsonObject paid = new JsonObject();
      paid.addProperty("type", "payment_intent");
      paid.addProperty("payment_intent", "pi_invoice");
      payment.add("payment", paid);
      data.add(payment);
    }
    JsonObject list = new JsonObject();
    list.addProperty("object", "list");
    list.addProperty("url", PATH);
    list.addProperty("has_more", false);
    list.add("data", data);
    return list.toString();
  }
}
