package app.billing.webhook;

import app.billing.core.config.ConfigReader;
import app.billing.core.config.StripeMode;
import app.billing.sqs.SqsEventQueue;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook function's settings, read from the environment and validated once at init.
 *
 * @param webhookSecrets Stripe endpoint signing secrets ({@code whsec_...}); more than one while a
 *     secret is being rolled, an event is genuine when any of them verifies its signature
 * @param eventQueueUrl URL of the FIFO queue verified events go to
 * @param maxBodyBytes bodies larger than this are refused before their signature is checked
 * @param region AWS region for the SQS client; empty means the SDK's default region chain
 * @param sqsEndpoint endpoint override for SQS (local runs); empty means the regional endpoint
 * @param stripeMode the Stripe mode of the deployment ({@code STRIPE_MODE}, required: the webhook
 *     has no Stripe key to tell it); events of the other mode are acknowledged and dropped
 */
public record WebhookConfig(
    List<String> webhookSecrets,
    String eventQueueUrl,
    int maxBodyBytes,
    Optional<String> region,
    Optional<URI> sqsEndpoint,
    StripeMode stripeMode) {

  public static final String STRIPE_WEBHOOK_SECRETS = "STRIPE_WEBHOOK_SECRETS";
  public static final String EVENT_QUEUE_URL = "EVENT_QUEUE_URL";
  public static final String MAX_WEBHOOK_BODY_BYTES = "MAX_WEBHOOK_BODY_BYTES";
  public static final String AWS_REGION = "AWS_REGION";
  public static final String AWS_ENDPOINT_URL_SQS = "AWS_ENDPOINT_URL_SQS";
  public static final String STRIPE_MODE = StripeMode.STRIPE_MODE;

  /** 256 KiB: Stripe events are a few KiB; anything near this is not from Stripe. */
  public static final int DEFAULT_MAX_BODY_BYTES = 262_144;

  /**
   * The largest body that always fits the event queue: its message limit minus what the message
   * attributes may take. A larger setting would let in events that SQS refuses every time.
   */
  public static final int MAX_BODY_BYTES_CEILING =
      SqsEventQueue.QUEUE_MAX_MESSAGE_BYTES - SqsEventQueue.ATTRIBUTES_BUDGET_BYTES;

  public WebhookConfig {
    webhookSecrets = List.copyOf(webhookSecrets);
  }

  /**
   * Reads and validates the configuration.
   *
   * @throws app.billing.core.config.ConfigException naming every missing or malformed variable
   */
  public static WebhookConfig fromEnvironment(Map<String, String> env) {
    ConfigReader reader = new ConfigReader(env);
    List<String> secrets = reader.requiredList(STRIPE_WEBHOOK_SECRETS);
    for (int i = 0; i < secrets.size(); i++) {
      if (!secrets.get(i).startsWith("whsec_")) {
        // Never echo the value: it may be a live API key pasted into the wrong variable.
        reader.problem(
            STRIPE_WEBHOOK_SECRETS
                + " entry "
                + (i + 1)
                + " is not a webhook signing secret (expected whsec_...)");
      }
    }
    String queueUrl = reader.required(EVENT_QUEUE_URL);
    if (queueUrl != null && !isFifoQueueUrl(queueUrl)) {
      reader.problem(
          EVENT_QUEUE_URL
              + " must be the URL of a FIFO queue (ending in .fifo), got '"
              + queueUrl
              + "'");
    }
    int maxBodyBytes =
        reader.integer(MAX_WEBHOOK_BODY_BYTES, DEFAULT_MAX_BODY_BYTES, 1024, Integer.MAX_VALUE);
    if (maxBodyBytes > MAX_BODY_BYTES_CEILING) {
      reader.problem(
          MAX_WEBHOOK_BODY_BYTES
              + " must be at most "
              + MAX_BODY_BYTES_CEILING
              + " (the event queue's "
              + SqsEventQueue.QUEUE_MAX_MESSAGE_BYTES
              + "-byte message limit less "
              + SqsEventQueue.ATTRIBUTES_BUDGET_BYTES
              + " bytes for message attributes), got "
              + maxBodyBytes);
    }
    Optional<String> region = reader.optional(AWS_REGION);
    Optional<URI> sqsEndpoint = reader.optionalUri(AWS_ENDPOINT_URL_SQS);
    // No default: guessing wrong would acknowledge and drop every event of the real mode.
    Optional<StripeMode> stripeMode = StripeMode.read(reader, Optional.empty());
    reader.validate();
    return new WebhookConfig(
        secrets, queueUrl, maxBodyBytes, region, sqsEndpoint, stripeMode.orElseThrow());
  }

  private static boolean isFifoQueueUrl(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getScheme() != null
          && uri.getHost() != null
          && uri.getPath() != null
          && uri.getPath().endsWith(".fifo");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Secrets stay out of logs and exception messages. */
  @Override
  public String toString() {
    return "WebhookConfig[webhookSecrets=<"
        + webhookSecrets.size()
        + " redacted>, eventQueueUrl="
        + eventQueueUrl
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", region="
        + region
        + ", sqsEndpoint="
        + sqsEndpoint
        + ", stripeMode="
        + stripeMode.wireName()
        + "]";
  }
}
