package app.billing.webhook.handler;

import app.billing.sqs.SqsEventQueue;
import app.billing.webhook.StripeSignatureVerifier;
import app.billing.webhook.WebhookConfig;
import app.billing.webhook.WebhookService;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

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
    return build(config, SqsEventQueue.createClient(config.region(), config.sqsEndpoint()), clock);
  }

  /** The service around a given SQS client (the local stack's, or a test's). */
  public static WebhookService build(WebhookConfig config, SqsClient sqs, Clock clock) {
    var queue = new SqsEventQueue(sqs, config.eventQueueUrl());
    var verifier =
        new StripeSignatureVerifier(
            config.webhookSecrets(), StripeSignatureVerifier.DEFAULT_TOLERANCE, clock);
    return new WebhookService(verifier, queue, config.maxBodyBytes(), config.stripeMode());
  }
}
