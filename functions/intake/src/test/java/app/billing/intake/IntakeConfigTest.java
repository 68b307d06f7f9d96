package app.billing.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.config.ConfigException;
import app.billing.core.config.StripeMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntakeConfigTest {
  static final String QUEUE =
      "https://sqs.eu-west-1.amazonaws.com/123456789012/billing-events.fifo";

  @Test
  void readsTheQueueAndTheMode() {
    IntakeConfig config =
        IntakeConfig.fromEnvironment(Map.of("EVENT_QUEUE_URL", QUEUE, "STRIPE_MODE", "live"));

    assertThat(config.eventQueueUrl()).isEqualTo(QUEUE);
    assertThat(config.stripeMode()).isEqualTo(StripeMode.LIVE);
    assertThat(config.sqsEndpoint()).isEmpty();
  }

  @Test
  void namesEveryProblemAtOnce() {
    assertThatThrownBy(() -> IntakeConfig.fromEnvironment(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("EVENT_QUEUE_URL")
        .hasMessageContaining("STRIPE_MODE");
    assertThatThrownBy(
            () ->
                IntakeConfig.fromEnvironment(
                    Map.of("EVENT_QUEUE_URL", "https://sqs.x/1/standard", "STRIPE_MODE", "test")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("FIFO");
  }
}
