package app.billing.checkout.handler;

import app.billing.catalog.RemoteCatalog;
import app.billing.checkout.CheckoutConfig;
import app.billing.core.access.AccessPolicy;
import app.billing.core.account.AccountService;
import app.billing.core.checkout.CheckoutService;
import app.billing.core.recovery.RefetchedState;
import app.billing.core.recovery.SyncService;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoPaymentsPage;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.stripe.StripeAccountAdapter;
import app.billing.stripe.StripeBillingAdapter;
import com.stripe.StripeClient;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the production {@link CheckoutService} and {@link SyncService} once per container. Region
 * and credentials come from the Lambda environment; {@code AWS_ENDPOINT_URL_DYNAMODB} (read by the
 * SDK) and {@code STRIPE_API_BASE} point the clients at a local stack.
 */
public final class CheckoutWiring {
  private CheckoutWiring() {}

  /**
   * @throws app.billing.core.config.ConfigException when the environment is incomplete
   */
  public static CheckoutHandler fromEnvironment(Map<String, String> env, Clock clock) {
    CheckoutConfig config = RemoteCatalog.resolveThenRead(env, CheckoutConfig::fromEnvironment);
    DynamoDbClient dynamo =
        DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    return handler(config, dynamo, config.stripe().client(), clock);
  }

  /** The function's handler: checkout and sync on return, on one set of clients. */
  public static CheckoutHandler handler(
      CheckoutConfig config, DynamoDbClient dynamo, StripeClient stripe, Clock clock) {
    return new CheckoutHandler(
        build(config, dynamo, stripe, clock), buildSync(config, dynamo, stripe, clock));
  }

  /**
   * {@code POST /billing/sync}: served here because this function already holds what it needs (the
   * Stripe key, the table, the per-tenant limiter) and the call is the end of a checkout; giving
   * the account function a Stripe key would widen the secret to the function that also serves the
   * public {@code /billing/plans}, and a function of its own would add a cold start to the one
   * request a customer makes right after paying.
   */
  public static SyncService buildSync(
      CheckoutConfig config, DynamoDbClient dynamo, StripeClient stripe, Clock clock) {
    DynamoBillingStore billing = new DynamoBillingStore(dynamo, config.tableName());
    AccountService account =
        new AccountService(
            billing,
            new DynamoPaymentsPage(dynamo, config.tableName()),
            config.catalog(),
            new AccessPolicy(config.pastDueGrace()),
            clock);
    RefetchedState refetched =
        new RefetchedState(billing, new StripeAccountAdapter(stripe), config.catalog(), clock);
    return new SyncService(
        new DynamoTenantStore(dynamo, config.tableName()),
        billing,
        refetched,
        account,
        config.settings().maxRequestsPerWindow(),
        clock);
  }

  public static CheckoutService build(
      CheckoutConfig config, DynamoDbClient dynamo, StripeClient stripe, Clock clock) {
    return new CheckoutService(
        config.catalog(),
        new DynamoTenantStore(dynamo, config.tableName()),
        new DynamoBillingStore(dynamo, config.tableName()),
        new StripeBillingAdapter(stripe),
        config.settings(),
        clock);
  }
}
