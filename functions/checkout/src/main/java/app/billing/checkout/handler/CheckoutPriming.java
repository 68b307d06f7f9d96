package app.billing.checkout.handler;

import app.billing.checkout.CheckoutConfig;
import app.billing.core.priming.Priming;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoCheckoutLocks;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.dynamodb.OfflineDynamoDb;
import app.billing.http.ApiPriming;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming of the checkout function: its handler on canned requests that are answered
 * before any AWS or Stripe call (no tenant: 401, malformed and unknown-field bodies: 400, wrong
 * method: 405), which loads routing, JSON parsing, validation and error responses; and the tenant
 * GetItem, the rate-window UpdateItem, the subscription GetItem and the checkout lock's conditional
 * PutItem marshalled and signed on an offline client, never sent. Stripe is not called: a first
 * request pays for its TLS handshake anyway.
 */
final class CheckoutPriming implements Priming.Primer {
  private final Optional<String> region;

  CheckoutPriming(Optional<String> region) {
    this.region = region;
  }

  @Override
  public void prime() {
    CheckoutConfig config =
        CheckoutConfig.fromEnvironment(
            Map.of(
                "BILLING_TABLE",
                "priming",
                "STRIPE_SECRET_KEY",
                "sk_test_priming",
                "CHECKOUT_TOKEN_KEY",
                "priming-only-checkout-token-key-0000",
                "CHECKOUT_SUCCESS_URL",
                "https://example.invalid/billing?checkout=success",
                "CHECKOUT_CANCEL_URL",
                "https://example.invalid/billing?checkout=canceled"));
    try (DynamoDbClient offline = OfflineDynamoDb.client(region)) {
      CheckoutHandler handler =
          CheckoutWiring.build(
              config,
              new CheckoutWiring.Clients(offline, config.stripe().client()),
              Clock.systemUTC());
      ApiPriming.expect(handler, ApiPriming.request("POST", "/billing/checkout", null, "{}"), 401);
      ApiPriming.expect(
          handler, ApiPriming.request("POST", "/billing/checkout", "tnt_priming", "{"), 400);
      ApiPriming.expect(
          handler,
          ApiPriming.request(
              "POST",
              "/billing/checkout",
              "tnt_priming",
              "{\"plan\":\"starter\",\"billing_cycle\":\"monthly\",\"price\":\"price_x\"}"),
          400);
      ApiPriming.expect(
          handler, ApiPriming.request("GET", "/billing/checkout", "tnt_priming", null), 405);
      ApiPriming.expect(handler, ApiPriming.request("POST", "/billing/sync", null, null), 401);
      DynamoTenantStore tenants = new DynamoTenantStore(offline, "priming");
      OfflineDynamoDb.stopped(() -> tenants.tenant("tnt_priming"));
      OfflineDynamoDb.stopped(
          () -> tenants.countRequest("tnt_priming#priming", Instant.now().plusSeconds(60)));
      OfflineDynamoDb.stopped(
          () -> new DynamoBillingStore(offline, "priming").subscription("tnt_priming"));
      Instant now = Instant.now();
      OfflineDynamoDb.stopped(
          () ->
              new DynamoCheckoutLocks(offline, "priming")
                  .acquire("tnt_priming", "priming", now, now.plusSeconds(60)));
    }
  }
}
