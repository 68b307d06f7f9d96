package app.billing.usage.handler;

import app.billing.core.priming.Priming;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.dynamodb.OfflineDynamoDb;
import app.billing.http.ApiPriming;
import app.billing.usage.UsageConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * SnapStart priming of the usage function: its handler on canned requests answered before any AWS
 * or Stripe call (no tenant: 401, malformed body, bad value and unknown meter: 400, wrong method:
 * 405), and the rate-window UpdateItem and subscriptions Query marshalled and signed on an offline
 * client, never sent. Stripe is not called.
 */
final class UsagePriming implements Priming.Primer {
  private final Optional<String> region;

  UsagePriming(Optional<String> region) {
    this.region = region;
  }

  @Override
  public void prime() {
    UsageConfig config =
        UsageConfig.fromEnvironment(
            Map.of("BILLING_TABLE", "priming", "STRIPE_SECRET_KEY", "sk_test_priming"));
    try (var offline = OfflineDynamoDb.client(region)) {
      UsageHandler handler =
          UsageWiring.build(
              config,
              new UsageWiring.Clients(offline, config.stripe().client()),
              Clock.systemUTC());
      ApiPriming.expect(handler, ApiPriming.request("POST", "/billing/usage", null, "{}"), 401);
      ApiPriming.expect(
          handler, ApiPriming.request("POST", "/billing/usage", "tnt_priming", "{"), 400);
      ApiPriming.expect(
          handler,
          ApiPriming.request(
              "POST",
              "/billing/usage",
              "tnt_priming",
              "{\"meter\":\"emails_sent\",\"value\":0,\"idempotency_key\":\"priming\"}"),
          400);
      ApiPriming.expect(
          handler,
          ApiPriming.request(
              "POST",
              "/billing/usage",
              "tnt_priming",
              "{\"meter\":\"priming_unknown\",\"value\":1,\"idempotency_key\":\"priming\"}"),
          400);
      ApiPriming.expect(
          handler, ApiPriming.request("DELETE", "/billing/usage", "tnt_priming", null), 405);
      DynamoTenantStore tenants = new DynamoTenantStore(offline, "priming");
      OfflineDynamoDb.stopped(
          () -> tenants.countRequest("tnt_priming#priming", Instant.now().plusSeconds(60)));
      OfflineDynamoDb.stopped(
          () -> new DynamoBillingStore(offline, "priming").subscriptions("tnt_priming"));
    }
  }
}
