package app.billing.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import app.billing.core.config.ConfigException;
import app.billing.core.config.StripeMode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookConfigTest {
  private static final String QUEUE =
      "https://sqs.us-east-1.amazonaws.com/123456789012/billing-events.fifo";

  @Test
  void namesEveryMissingVariableInOneError() {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> WebhookConfig.fromEnvironment(Map.of()));

    assertThat(e.problems()).hasSize(3);
    assertThat(e.getMessage())
        .contains("STRIPE_WEBHOOK_SECRETS")
        .contains("EVENT_QUEUE_URL")
        .contains("STRIPE_MODE");
  }

  @Test
  void treatsBlankValuesAsMissing() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                WebhookConfig.fromEnvironment(
                    Map.of(
                        "STRIPE_MODE",
                        "test",
                        "STRIPE_WEBHOOK_SECRETS",
                        " , ",
                        "EVENT_QUEUE_URL",
                        " ")));

    assertThat(e.getMessage()).contains("STRIPE_WEBHOOK_SECRETS").contains("EVENT_QUEUE_URL");
  }

  @Test
  void readsAFullConfiguration() {
    WebhookConfig config =
        WebhookConfig.fromEnvironment(
            Map.of(
                "STRIPE_MODE", "test",
                "STRIPE_WEBHOOK_SECRETS", "whsec_new, whsec_old",
                "EVENT_QUEUE_URL", QUEUE,
                "MAX_WEBHOOK_BODY_BYTES", "65536",
                "AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324"));

    assertThat(config.webhookSecrets()).containsExactly("whsec_new", "whsec_old");
    assertThat(config.eventQueueUrl()).isEqualTo(QUEUE);
    assertThat(config.maxBodyBytes()).isEqualTo(65536);
    assertThat(config.region()).contains("eu-west-1");
    assertThat(config.sqsEndpoint()).contains(URI.create("http://127.0.0.1:9324"));
    assertThat(config.stripeMode()).isEqualTo(StripeMode.TEST);
  }

  @Test
  void requiresTheStripeModeAndReadsEitherMode() {
    Map<String, String> env = Map.of("STRIPE_WEBHOOK_SECRETS", "whsec_x", "EVENT_QUEUE_URL", QUEUE);
    ConfigException missing =
        catchThrowableOfType(ConfigException.class, () -> WebhookConfig.fromEnvironment(env));
    assertThat(missing.problems()).containsExactly("STRIPE_MODE is required (live or test)");

    var live = new java.util.HashMap<>(env);
    live.put("STRIPE_MODE", " LIVE ");
    assertThat(WebhookConfig.fromEnvironment(live).stripeMode()).isEqualTo(StripeMode.LIVE);

    var wrong = new java.util.HashMap<>(env);
    wrong.put("STRIPE_MODE", "sk_live_pasted_here");
    ConfigException invalid =
        catchThrowableOfType(ConfigException.class, () -> WebhookConfig.fromEnvironment(wrong));
    assertThat(invalid.problems()).containsExactly("STRIPE_MODE must be live or test");
    assertThat(invalid.getMessage()).doesNotContain("sk_live_pasted_here");
  }

  @Test
  void defaultsTheOptionalSettings() {
    WebhookConfig config =
        WebhookConfig.fromEnvironment(
            Map.of(
                "STRIPE_MODE",
                "test",
                "STRIPE_WEBHOOK_SECRETS",
                "whsec_only",
                "EVENT_QUEUE_URL",
                QUEUE));

    assertThat(config.webhookSecrets()).isEqualTo(List.of("whsec_only"));
    assertThat(config.maxBodyBytes()).isEqualTo(262_144);
    assertThat(config.region()).isEmpty();
    assertThat(config.sqsEndpoint()).isEqualTo(Optional.empty());
  }

  @Test
  void collectsMalformedValuesWithoutEchoingSecrets() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                WebhookConfig.fromEnvironment(
                    Map.of(
                        "STRIPE_MODE", "test",
                        "STRIPE_WEBHOOK_SECRETS", "whsec_ok,sk_live_oops_this_is_an_api_key",
                        "EVENT_QUEUE_URL",
                            "https://sqs.us-east-1.amazonaws.com/123456789012/standard-queue",
                        "MAX_WEBHOOK_BODY_BYTES", "lots",
                        "AWS_ENDPOINT_URL_SQS", "not a url")));

    assertThat(e.problems()).hasSize(4);
    assertThat(e.getMessage())
        .contains("STRIPE_WEBHOOK_SECRETS entry 2")
        .contains("FIFO")
        .contains("MAX_WEBHOOK_BODY_BYTES")
        .contains("AWS_ENDPOINT_URL_SQS")
        .doesNotContain("sk_live_oops");
  }

  @Test
  void keepsTheBodyLimitWithinWhatSqsAccepts() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                WebhookConfig.fromEnvironment(
                    Map.of(
                        "STRIPE_MODE",
                        "test",
                        "STRIPE_WEBHOOK_SECRETS",
                        "whsec_x",
                        "EVENT_QUEUE_URL",
                        QUEUE,
                        "MAX_WEBHOOK_BODY_BYTES",
                        "2000000")));

    assertThat(e.getMessage()).contains("MAX_WEBHOOK_BODY_BYTES");
  }

  @Test
  void leavesRoomInTheQueuesMessageLimitForTheMessageAttributes() {
    // 1 MiB is SQS's limit and the queue's: a body of that size plus its attributes would never
    // fit.
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                WebhookConfig.fromEnvironment(
                    Map.of(
                        "STRIPE_MODE",
                        "test",
                        "STRIPE_WEBHOOK_SECRETS",
                        "whsec_x",
                        "EVENT_QUEUE_URL",
                        QUEUE,
                        "MAX_WEBHOOK_BODY_BYTES",
                        "1048576")));

    assertThat(e.problems())
        .containsExactly(
            "MAX_WEBHOOK_BODY_BYTES must be at most 1047552 (the event queue's "
                + "1048576-byte message limit less 1024 bytes for message attributes), got 1048576");
    assertThat(
            WebhookConfig.fromEnvironment(
                    Map.of(
                        "STRIPE_MODE",
                        "test",
                        "STRIPE_WEBHOOK_SECRETS",
                        "whsec_x",
                        "EVENT_QUEUE_URL",
                        QUEUE,
                        "MAX_WEBHOOK_BODY_BYTES",
                        "1047552"))
                .maxBodyBytes())
        .isEqualTo(1_047_552);
  }

  @Test
  void redactsSecretsFromToString() {
    WebhookConfig config =
        WebhookConfig.fromEnvironment(
            Map.of(
                "STRIPE_MODE",
                "test",
                "STRIPE_WEBHOOK_SECRETS",
                "whsec_supersecret",
                "EVENT_QUEUE_URL",
                QUEUE));

    assertThat(config.toString()).doesNotContain("supersecret").contains(QUEUE);
  }
}
