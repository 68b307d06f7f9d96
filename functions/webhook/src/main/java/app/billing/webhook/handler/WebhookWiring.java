package app.billing.webhook.handler;

import app.billing.webhook.StripeSignatureVerifier;
import app.billing.webhook.WebhookConfig;
import app.billing.webhook.WebhookService;
import app.billing.webhook.adapter.SqsEventQueue;
import java.time.Clock;
import java.util.Map;

/** Builds the production {@link WebhookService} from environment variables. */
public final class WebhookWiring {

  private WebhookWiring() {}

  /**
   * Validates the configuration (one error naming every problem) and builds the real SQS client.
   *
   * @throws app.billing.core.config.ConfigException when the environment is incomplete
   */
  public static WebhookService fromEnvironment(Map<String, String> env, Clock clock) {
    WebhookConfig config = WebhookConfig.fromEnvironment(env);
    var queue = new SqsEventQueue(
        SqsEventQueue.createClient(config.region(), config.sqsEndpoint()), config.eventQueueUrl());
    var verifier = new StripeSignatureVerifier(
        config.webhookSecrets(), StripeSignatureVerifier.DEFAULT_TOLERANCE, clock);
    return new WebhookService(verifier, queue, config.maxBodyBytes());
  }
}
