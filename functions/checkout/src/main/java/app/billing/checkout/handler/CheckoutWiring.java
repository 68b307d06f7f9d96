package app.billing.checkout.handler;

import app.billing.catalog.RemoteCatalog;
import app.billing.checkout.CheckoutConfig;
import app.billing.core.access.AccessPolicy;
import app.billing.core.account.AccountService;
import app.billing.core.checkout.CheckoutService;
import app.billing.core.metrics.EmfMetrics;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoCheckoutLocks;
import app.billing.dynamodb.DynamoCustomerLinks;
import app.billing.dynamodb.DynamoPaymentsPage;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.dynamodb.DynamoVersionedRecords;
import app.billing.provisioning.core.recovery.RefetchedState;
import app.billing.provisioning.core.recovery.SyncService;
import app.billing.secrets.EnvironmentSecrets;
import app.billing.stripe.StripeAccountAdapter;
import app.billing.stripe.StripeBillingAdapter;
import com.stripe.StripeClient;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the checkout function's handler (checkout, and sync on return): {@link #fromEnvironment}
 * for Lambda (and the deploy tests), {@link #build} on given clients (the local stack, priming,
 * tests). Region and credentials come from the Lambda environment; {@code
 * AWS_ENDPOINT_URL_DYNAMODB} (read by the SDK) and {@code STRIPE_API_BASE} point the clients at a
 * local stack.
 */
public final class CheckoutWiring {

  /** The clients the function uses. */
  public record Clients(DynamoDbClient dynamo, StripeClient stripe) {
    public static Clients production(CheckoutConfig config) {
      return new Clients(
          DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
          config.stripe().client());
    }
  }

  private CheckoutWiring() {}

  /**
   * What Lambda's init runs: secrets resolved, the catalog read, the configuration validated,
   * production clients.
   *
   * @throws app.billing.core.config.ConfigException naming every problem
   */
  public static CheckoutHandler fromEnvironment(Map<String, String> env, Clock clock) {
    return EnvironmentSecrets.resolveThenRead(
        env,
        resolved ->
            RemoteCatalog.resolveThenRead(
                resolved,
                withCatalog -> {
                  // Read before the configuration, so a missing variable there still shows this
                  // one read.
                  EmfMetrics metrics = EmfMetrics.fromEnvironment(withCatalog, "checkout");
                  CheckoutConfig config = CheckoutConfig.fromEnvironment(withCatalog);
                  return build(config, Clients.production(config), clock, metrics);
                }));
  }

  /** The function's handler: checkout and sync on return, on one set of clients; no metrics. */
  public static CheckoutHandler build(CheckoutConfig config, Clients clients, Clock clock) {
    return build(config, clients, clock, EmfMetrics.discarding("checkout"));
  }

  /** As {@link #build(CheckoutConfig, Clients, Clock)}, counting into {@code metrics}. */
  public static CheckoutHandler build(
      CheckoutConfig config, Clients clients, Clock clock, EmfMetrics metrics) {
    return new CheckoutHandler(
        checkout(config, clients, clock), sync(config, clients, clock), metrics);
  }

  /**
   * {@code POST /billing/sync}: served here because this function already holds what it needs (the
   * Stripe key, the table, the per-tenant limiter) and the call is the end of a checkout; giving
   * the account function a Stripe key would widen the secret to the function that also serves the
   * public {@code /billing/plans}, and a function of its own would add a cold start to the one
   * request a customer makes right after paying.
   */
  static SyncService sync(CheckoutConfig config, Clients clients, Clock clock) {
    DynamoDbClient dynamo = clients.dynamo();
    DynamoBillingStore billing = new DynamoBillingStore(dynamo, config.tableName());
    AccountService account =
        new AccountService(
            billing,
            billing,
            new DynamoPaymentsPage(dynamo, config.tableName()),
            config.catalog(),
            new AccessPolicy(config.pastDueGrace()),
            clock);
    RefetchedState refetched =
        new RefetchedState(
            billing,
            billing,
            billing,
            new StripeAccountAdapter(clients.stripe()),
            config.catalog(),
            clock);
    return new SyncService(
        new DynamoTenantStore(dynamo, config.tableName()),
        billing,
        refetched,
        account,
        config.settings().maxRequestsPerWindow(),
        clock);
  }

  static CheckoutService checkout(CheckoutConfig config, Clients clients, Clock clock) {
    return new CheckoutService(
        config.catalog(),
        new DynamoTenantStore(clients.dynamo(), config.tableName()),
        new DynamoVersionedRecords(clients.dynamo(), config.tableName()),
        new DynamoCustomerLinks(clients.dynamo(), config.tableName()),
        new DynamoCheckoutLocks(clients.dynamo(), config.tableName()),
        new StripeBillingAdapter(clients.stripe()),
        config.settings(),
        clock);
  }
}
