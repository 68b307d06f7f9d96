package app.billing.account.handler;

import app.billing.account.AccountConfig;
import app.billing.core.priming.Priming;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoPaymentsPage;
import app.billing.dynamodb.OfflineDynamoDb;
import app.billing.http.ApiPriming;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart priming of the account function: the public plans route end to end (catalog to JSON),
 * the 401 and 405 paths, and the subscriptions Query and payments Query marshalled and signed on an
 * offline client, never sent.
 */
final class AccountPriming implements Priming.Primer {
  private final Optional<String> region;

  AccountPriming(Optional<String> region) {
    this.region = region;
  }

  @Override
  public void prime() {
    AccountConfig config = AccountConfig.fromEnvironment(Map.of("BILLING_TABLE", "priming"));
    try (DynamoDbClient offline = OfflineDynamoDb.client(region)) {
      AccountHandler handler =
          AccountWiring.build(config, new AccountWiring.Clients(offline), Clock.systemUTC());
      ApiPriming.expect(handler, ApiPriming.request("GET", "/billing/plans", null, null), 200);
      ApiPriming.expect(
          handler, ApiPriming.request("GET", "/billing/subscription", null, null), 401);
      ApiPriming.expect(
          handler, ApiPriming.request("POST", "/billing/payments", "tnt_priming", "{}"), 405);
      OfflineDynamoDb.stopped(
          () -> new DynamoBillingStore(offline, "priming").subscriptions("tnt_priming"));
      OfflineDynamoDb.stopped(
          () ->
              new DynamoPaymentsPage(offline, "priming")
                  .payments("tnt_priming", 20, Optional.empty()));
    }
  }
}
