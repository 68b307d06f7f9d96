package app.billing.local;

import app.billing.account.AccountConfig;
import app.billing.account.handler.AccountHandler;
import app.billing.account.handler.AccountWiring;
import app.billing.authorizer.AuthorizerConfig;
import app.billing.authorizer.handler.AuthorizerHandler;
import app.billing.authorizer.handler.AuthorizerWiring;
import app.billing.checkout.CheckoutConfig;
import app.billing.checkout.handler.CheckoutHandler;
import app.billing.checkout.handler.CheckoutWiring;
import app.billing.http.BillingFunction;
import app.billing.local.http.HttpApiEmulator.HttpFunction;
import app.billing.portal.PortalConfig;
import app.billing.portal.handler.PortalHandler;
import app.billing.portal.handler.PortalWiring;
import app.billing.provisioning.ProvisioningConfig;
import app.billing.provisioning.ProvisioningWiring;
import app.billing.provisioning.handler.ProvisioningHandler;
import app.billing.reconciler.ReconcilerConfig;
import app.billing.reconciler.handler.ReconcilerHandler;
import app.billing.reconciler.handler.ReconcilerWiring;
import app.billing.usage.UsageConfig;
import app.billing.usage.handler.UsageHandler;
import app.billing.usage.handler.UsageWiring;
import app.billing.webhook.WebhookConfig;
import app.billing.webhook.handler.WebhookHandler;
import app.billing.webhook.handler.WebhookWiring;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The deployed handler classes, built the way their Lambda constructors build them: each function's
 * {@code XConfig.fromEnvironment} validates the same environment variables (from a map the local
 * stack controls, since it cannot set the process environment), and each {@code XWiring.build} gets
 * AWS clients pointed at the local engines. Stripe is reached through {@code STRIPE_API_BASE} (the
 * stand-in) or, without it, api.stripe.com.
 */
record LocalFunctions(
    WebhookHandler webhook,
    ProvisioningHandler provisioning,
    AuthorizerHandler authorizer,
    CheckoutHandler checkout,
    PortalHandler portal,
    AccountHandler account,
    UsageHandler usage,
    ReconcilerHandler reconciler) {

  /** The AWS clients of the local engines, shared by all functions (as one account would be). */
  record Clients(DynamoDbClient dynamo, SqsClient sqs, SesV2Client ses) {}

  /**
   * @throws app.billing.core.config.ConfigException when a function's configuration is incomplete
   */
  static LocalFunctions build(Map<String, String> env, Clients clients, Clock clock) {
    ProvisioningConfig provisioning = ProvisioningConfig.fromEnvironment(env);
    CheckoutConfig checkout = CheckoutConfig.fromEnvironment(env);
    PortalConfig portal = PortalConfig.fromEnvironment(env);
    UsageConfig usage = UsageConfig.fromEnvironment(env);
    ReconcilerConfig reconciler = ReconcilerConfig.fromEnvironment(env);
    return new LocalFunctions(
        WebhookWiring.build(
            WebhookConfig.fromEnvironment(env), new WebhookWiring.Clients(clients.sqs()), clock),
        ProvisioningWiring.build(
            provisioning,
            new ProvisioningWiring.Clients(
                clients.dynamo(), clients.ses(), ProvisioningWiring.stripeClient(provisioning)),
            clock),
        AuthorizerWiring.build(
            AuthorizerConfig.fromEnvironment(env), new AuthorizerWiring.Clients(clients.dynamo())),
        CheckoutWiring.build(
            checkout,
            new CheckoutWiring.Clients(clients.dynamo(), checkout.stripe().client()),
            clock),
        PortalWiring.build(
            portal, new PortalWiring.Clients(clients.dynamo(), portal.stripe().client()), clock),
        AccountWiring.build(
            AccountConfig.fromEnvironment(env), new AccountWiring.Clients(clients.dynamo()), clock),
        UsageWiring.build(
            usage, new UsageWiring.Clients(clients.dynamo(), usage.stripe().client()), clock),
        ReconcilerWiring.build(
            reconciler,
            new ReconcilerWiring.Clients(
                clients.dynamo(), clients.sqs(), ReconcilerWiring.stripeEvents(reconciler)),
            clock));
  }

  /**
   * The handler behind a function's HTTP API routes; empty for the functions the API does not call
   * (exhaustive: a function added to {@link BillingFunction} does not compile until it is here).
   */
  Optional<HttpFunction> http(BillingFunction function) {
    return switch (function) {
      case WEBHOOK -> Optional.of(webhook::handleRequest);
      case CHECKOUT -> Optional.of(checkout::handleRequest);
      case PORTAL -> Optional.of(portal::handleRequest);
      case ACCOUNT -> Optional.of(account::handleRequest);
      case USAGE -> Optional.of(usage::handleRequest);
      case PROVISIONING, AUTHORIZER, RECONCILER -> Optional.empty();
    };
  }
}
