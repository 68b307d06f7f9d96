package app.billing.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LogLevelsTest {
  @Test
  void logLevelNamesTheApplicationThresholdInAnyCaseAndFatalIsError() {
    assertThat(LogLevels.parse(null).application()).isEqualTo(Level.INFO);
    assertThat(LogLevels.parse(" ").application()).isEqualTo(Level.INFO);
    assertThat(LogLevels.parse("TRACE").application()).isEqualTo(Level.TRACE);
    assertThat(LogLevels.parse("debug").application()).isEqualTo(Level.DEBUG);
    assertThat(LogLevels.parse("Info").application()).isEqualTo(Level.INFO);
    assertThat(LogLevels.parse("WARN").application()).isEqualTo(Level.WARN);
    assertThat(LogLevels.parse("ERROR").application()).isEqualTo(Level.ERROR);
    assertThat(LogLevels.parse("FATAL").application()).isEqualTo(Level.ERROR);
    assertThat(LogLevels.parse("WARN").unknownValue()).isNull();
  }

  @Test
  void anUnknownValueMeansInfoAndIsKeptToBeReported() {
    LogLevels levels = LogLevels.parse("VERBOSE");

    assertThat(levels.application()).isEqualTo(Level.INFO);
    assertThat(levels.unknownValue()).isEqualTo("VERBOSE");
  }

  @Test
  void onlyLoggersUnderAppBillingFollowLogLevelLibrariesLogFromWarn() {
    LogLevels levels = LogLevels.parse("DEBUG");

    assertThat(levels.thresholdFor("app.billing")).isEqualTo(Level.DEBUG);
    assertThat(levels.thresholdFor("app.billing.webhook.WebhookService")).isEqualTo(Level.DEBUG);
    assertThat(levels.thresholdFor("app.billingextra.Thing")).isEqualTo(Level.WARN);
    assertThat(levels.thresholdFor("software.amazon.awssdk.request")).isEqualTo(Level.WARN);
    assertThat(levels.thresholdFor("com.stripe.net.HttpClient")).isEqualTo(Level.WARN);
    assertThat(LogLevels.parse("ERROR").thresholdFor("app.billing.x")).isEqualTo(Level.ERROR);
  }
}
