package app.billing.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.config.ConfigException;
import app.billing.core.event.HandledEventTypes;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcilerConfigTest {
  static final Map<String, String> VALID =
      Map.of(
          "BILLING_TABLE",
          "billing",
          "EVENT_QUEUE_URL",
          "https://sqs.us-east-1.amazonaws.com/123456789012/billing-events.fifo",
          "STRIPE_SECRET_KEY",
          "sk_test_abc");

  @Test
  void defaultsListOnlyUndeliveredHandledEventsWithATenMinuteOverlapAtTestModePace() {
    ReconcilerConfig config = ReconcilerConfig.fromEnvironment(VALID);
    assertThat(config.settings().types()).isEqualTo(HandledEventTypes.ALL);
    assertThat(config.settings().overlap()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.settings().initialLookback()).isEqualTo(Duration.ofHours(72));
    assertThat(config.settings().pageSize()).isEqualTo(100);
    assertThat(config.settings().onlyUndelivered()).isTrue();
    assertThat(config.maxRequestsPerSecond()).isEqualTo(25);
    assertThat(config.toString()).doesNotContain("sk_test_abc");
  }

  @Test
  void anEmptyEnvironmentNamesEveryRequiredVariable() {
    assertThatThrownBy(() -> ReconcilerConfig.fromEnvironment(Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        "BILLING_TABLE is missing",
                        "EVENT_QUEUE_URL is missing",
                        "STRIPE_SECRET_KEY is missing"));
  }

  @Test
  void malformedValuesAreNamedTogether() {
    var env = new java.util.HashMap<>(VALID);
    env.put("EVENT_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/billing-events");
    env.put("RECONCILER_OVERLAP_SECONDS", "-5");
    env.put("RECONCILER_INITIAL_LOOKBACK_HOURS", "1000");
    env.put("RECONCILER_ONLY_UNDELIVERED", "maybe");
    env.put("STRIPE_MAX_REQUESTS_PER_SECOND", "0");
    assertThatThrownBy(() -> ReconcilerConfig.fromEnvironment(env))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(5)
                    .anyMatch(p -> p.startsWith("EVENT_QUEUE_URL must be the URL of a FIFO queue"))
                    .anyMatch(
                        p ->
                            p.startsWith(
                                "RECONCILER_INITIAL_LOOKBACK_HOURS must be between 0 and 720")));
  }
}
