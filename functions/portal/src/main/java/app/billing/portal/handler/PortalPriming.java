package app.billing.portal.handler;

import app.billing.core.priming.Priming;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.dynamodb.OfflineDynamoDb;
import app.billing.http.ApiPriming;
import app.billing.portal.PortalConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming of the portal function: its handler on canned requests that are answered before
 * any AWS or Stripe call (no tenant: 401, malformed and unknown-field bodies: 400, wrong method:
 * 405), which loads routing, JSON parsing, validation and error responses; and the tenant GetItem,
 * the rate-window UpdateItem and the subscriptions Query marshalled and signed on an offline
 * client, never sent. Stripe is not called: a first request pays for its TLS handshake anyway.
 */
final class PortalPriming implements Priming.Primer {
  private final Optional<String> region;

  PortalPriming(Optional<String> region) {
    this.region = region;
  }

  @Override
  public void prime() {
    PortalConfig config =
        PortalConfig.fromEnvironment(
            Map.of(
                "BILLING_TABLE",
                "priming",
                "STRIPE_SECRET_KEY",
                "sk_test_priming",
                "PORTAL_RETURN_URL",
                "https://example.invalid/billing"));
    try (DynamoDbClient offline = OfflineDynamoDb.client(region)) {
      PortalHandler handler =
          PortalWiring.build(
              config,
              new PortalWiring.Clients(offline, config.stripe().client()),
              Clock.systemUTC());
      ApiPriming.expect(handler, ApiPriming.request("POST", "/billing/portal", null, "{}"), 401);
      ApiPriming.expect(
          handler, ApiPriming.request("POST", "/billing/portal", "tnt_priming", "{"), 400);
      ApiPriming.expect(
          handler,
          ApiPriming.request(
              "POST",
              "/billing/portal",
              "tnt_priming",
              "{\"return_url\":\"https://example.invalid/billing\",\"customer\":\"cus_x\"}"),
          400);
      ApiPriming.expect(
          handler, ApiPriming.request("GET", "/billing/portal", "tnt_priming", null), 405);
      DynamoTenantStore tenants = new DynamoTenantStore(offline, "priming");
      OfflineDynamoDb.stopped(() -> tenants.tenant("tnt_priming"));
      OfflineDynamoDb.stopped(
          () -> tenants.countRequest("tnt_priming#priming", Instant.now().plusSeconds(60)));
      OfflineDynamoDb.stopped(
          () -> new DynamoBillingStore(offline, "priming").subscriptions("tnt_priming"));
    }
  }
}
