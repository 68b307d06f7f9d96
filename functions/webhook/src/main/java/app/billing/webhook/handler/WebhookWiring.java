package app.billing.webhook.handler;

import app.billing.core.metrics.EmfMetrics;
import app.billing.secrets.EnvironmentSecrets;
import app.billing.sqs.SqsEventQueue;
import app.billing.webhook.StripeSignatureVerifier;
import app.billing.webhook.WebhookConfig;
import app.billing.webhook.WebhookService;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the webhook function's handler: {@link #fromEnvironment} for Lambda (and the deploy
 * tests), {@link #build} on given clients (the local stack, tests).
 */
public final class WebhookWiring {

  /** The AWS clients the function uses. */
  public record Clients(SqsClient sqs) {
    public static Clients production(WebhookConfig config) {
      return new Clients(SqsEventQueue.createClient(config.region(), config.sqsEndpoint()));
    }
  }

  private WebhookWiring() {}

  /**
   * What Lambda's init runs: secrets resolved, the configuration validated (one error naming every
   * problem), production clients.
   *
   * @throws app.billing.core.config.ConfigException when the environment is incomplete
   */
  public static WebhookHandler fromEnvironment(Map<String, String> env, Clock clock) {
    return EnvironmentSecrets.resolveThenRead(
        env,
        resolved -> {
          // Read before the configuration, so a missing variable there still shows this one read.
          EmfMetrics metrics = EmfMetrics.fromEnvironment(resolved, "webhook");
          WebhookConfig config = WebhookConfig.fromEnvironment(resolved);
          return build(config, Clients.production(config), clock, metrics);
        });
  }

  /** The function's handler, without metrics. */
  public static WebhookHandler build(WebhookConfig config, Clients clients, Clock clock) {
    return build(config, clients, clock, EmfMetrics.discarding("webhook"));
  }

  /** The function's handler, counting into {@code metrics}. */
  public static WebhookHandler build(
      WebhookConfig config, Clients clients, Clock clock, EmfMetrics metrics) {
    return new WebhookHandler(service(config, clients, clock), metrics);
  }

  static WebhookService service(WebhookConfig config, Clients clients, Clock clock) {
    var queue = new SqsEventQueue(clients.sqs(), config.eventQueueUrl());
    var verifier =
        new StripeSignatureVerifier(
            config.webhookSecrets(), StripeSignatureVerifier.DEFAULT_TOLERANCE, clock);
    return new WebhookService(verifier, queue, config.maxBodyBytes(), config.stripeMode());
  }
}
