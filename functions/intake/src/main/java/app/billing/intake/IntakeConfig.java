package app.billing.intake;

import app.billing.core.config.ConfigReader;
import app.billing.core.config.StripeMode;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The intake function's settings, read from the environment and validated once at init. No signing
 * secret: EventBridge only delivers a partner event source's events to the account the source was
 * created for, and only a rule of this stack invokes the function.
 *
 * @param eventQueueUrl URL of the FIFO queue the webhook also feeds
 * @param region AWS region for the SQS client; empty means the SDK's default region chain
 * @param sqsEndpoint endpoint override for SQS (local runs); empty means the regional endpoint
 * @param stripeMode the deployment's Stripe mode ({@code STRIPE_MODE}, required as for the
 *     webhook); events of the other mode are dropped
 */
public record IntakeConfig(
    String eventQueueUrl,
    Optional<String> region,
    Optional<URI> sqsEndpoint,
    StripeMode stripeMode) {

  public static final String EVENT_QUEUE_URL = "EVENT_QUEUE_URL";
  public static final String AWS_REGION = "AWS_REGION";
  public static final String AWS_ENDPOINT_URL_SQS = "AWS_ENDPOINT_URL_SQS";

  /**
   * @throws app.billing.core.config.ConfigException naming every missing or malformed variable
   */
  public static IntakeConfig fromEnvironment(Map<String, String> env) {
    ConfigReader reader = new ConfigReader(env);
    String queueUrl = reader.required(EVENT_QUEUE_URL);
    if (queueUrl != null && !queueUrl.endsWith(".fifo")) {
      reader.problem(
          EVENT_QUEUE_URL
              + " must be the URL of a FIFO queue (ending in .fifo), got '"
              + queueUrl
              + "'");
    }
    Optional<String> region = reader.optional(AWS_REGION);
    Optional<URI> sqsEndpoint = reader.optionalUri(AWS_ENDPOINT_URL_SQS);
    // No default, as for the webhook: guessing wrong would drop every event of the real mode.
    Optional<StripeMode> mode = StripeMode.read(reader, Optional.empty());
    reader.validate();
    return new IntakeConfig(queueUrl, region, sqsEndpoint, mode.orElseThrow());
  }
}
