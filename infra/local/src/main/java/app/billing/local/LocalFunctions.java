package app.billing.local;

import app.billing.account.AccountConfig;
import app.billing.account.handler.AccountHandler;
import app.billing.account.handler.AccountWiring;
import app.billing.authorizer.handler.AuthorizerHandler;
import app.billing.authorizer.handler.AuthorizerWiring;
import app.billing.checkout.CheckoutConfig;
import app.billing.checkout.handler.CheckoutHandler;
import app.billing.checkout.handler.CheckoutWiring;
import app.billing.core.config.ConfigReader;
import app.billing.dynamodb.BillingTable;
import app.billing.portal.PortalConfig;
import app.billing.portal.handler.PortalHandler;
import app.billing.portal.handler.PortalWiring;
import app.billing.provisioning.ProvisioningConfig;
import app.billing.provisioning.ProvisioningWiring;
import app.billing.provisioning.handler.ProvisioningHandler;
import app.billing.reconciler.ReconcilerConfig;
import app.billing.reconciler.handler.ReconcilerHandler;
import app.billing.reconciler.handler.ReconcilerWiring;
import app.billing.webhook.WebhookConfig;
import app.billing.webhook.WebhookService;
import app.billing.webhook.handler.WebhookHandler;
import app.billing.webhook.handler.WebhookWiring;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The deployed handler classes, built the way their Lambda constructors build them: each function's
 * own config reader validates the same environment variables (from a map the local stack controls,
 * since it cannot set the process environment), and each wiring's {@code build(...)} gets AWS
 * clients pointed at the local engines. Stripe is reached through {@code STRIPE_API_BASE} (the
 * stand-in) or, without it, api.stripe.com.
 */
record LocalFunctions(
    WebhookHandler webhook,
    ProvisioningHandler provisioning,
    AuthorizerHandler authorizer,
    CheckoutHandler checkout,
    PortalHandler portal,
    AccountHandler account,
    ReconcilerHandler reconciler) {

  /**
   * The AWS clients of the local engines, shared by all functions (as one account would be). {@code
   * events} reaches the local EventBridge ({@code /_local/outbound}) for provisioning's outbound
   * events.
   */
  record Clients(DynamoDbClient dynamo, SqsClient sqs, SesV2Client ses, EventBridgeClient events) {}

  /**
   * @throws app.billing.core.config.ConfigException when a function's configuration is incomplete
   */
  static LocalFunctions build(Map<String, String> env, Clients clients, Clock clock) {
    WebhookService webhookService =
        WebhookWiring.build(WebhookConfig.fromEnvironment(env), clients.sqs(), clock);

    ProvisioningConfig provisioningConfig = ProvisioningConfig.from(env);
    ProvisioningHandler provisioning =
        new ProvisioningHandler(
            ProvisioningWiring.build(
                provisioningConfig,
                clients.dynamo(),
                clients.ses(),
                ProvisioningWiring.stripeClient(provisioningConfig)));

    ConfigReader authorizerEnv = new ConfigReader(env);
    String authorizerTable = BillingTable.tableName(authorizerEnv);
    authorizerEnv.validate();
    AuthorizerHandler authorizer =
        new AuthorizerHandler(AuthorizerWiring.build(clients.dynamo(), authorizerTable));

    CheckoutConfig checkoutConfig = CheckoutConfig.fromEnvironment(env);
    CheckoutHandler checkout =
        CheckoutWiring.handler(
            checkoutConfig, clients.dynamo(), checkoutConfig.stripe().client(), clock);

    PortalConfig portalConfig = PortalConfig.fromEnvironment(env);
    PortalHandler portal =
        new PortalHandler(
            PortalWiring.build(
                portalConfig, clients.dynamo(), portalConfig.stripe().client(), clock));

    AccountHandler account =
        new AccountHandler(AccountWiring.build(AccountConfig.from(env), clients.dynamo(), clock));

    ReconcilerConfig reconcilerConfig = ReconcilerConfig.fromEnvironment(env);
    ReconcilerHandler reconciler =
        new ReconcilerHandler(
            ReconcilerWiring.build(
                reconcilerConfig,
                clients.dynamo(),
                clients.sqs(),
                ReconcilerWiring.stripeEvents(reconcilerConfig, reconcilerConfig.stripe().client()),
                clock),
            clock);

    return new LocalFunctions(
        new WebhookHandler(webhookService),
        provisioning,
        authorizer,
        checkout,
        portal,
        account,
        reconciler);
  }
}
