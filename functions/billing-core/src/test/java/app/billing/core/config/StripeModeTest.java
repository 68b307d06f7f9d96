package app.billing.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StripeModeTest {

  @ParameterizedTest
  @CsvSource({"sk_live_abc, LIVE", "rk_live_abc, LIVE", "sk_test_abc, TEST", "rk_test_abc, TEST"})
  void theKeyTellsTheMode(String key, StripeMode mode) {
    ConfigReader reader = new ConfigReader(Map.of());
    assertThat(StripeMode.read(reader, Optional.of(key))).contains(mode);
    reader.validate();
  }

  @Test
  void stripeModeWinsOverTheKey() {
    ConfigReader reader = new ConfigReader(Map.of("STRIPE_MODE", "test"));
    assertThat(StripeMode.read(reader, Optional.of("sk_live_abc"))).contains(StripeMode.TEST);
  }

  @Test
  void withoutEitherTheModeIsAProblemThatNeverEchoesTheKey() {
    ConfigReader reader = new ConfigReader(Map.of());
    assertThat(StripeMode.read(reader, Optional.of("pk_live_publishable"))).isEmpty();
    ConfigException e = catchThrowableOfType(ConfigException.class, reader::validate);
    assertThat(e.getMessage()).contains("STRIPE_MODE is required").doesNotContain("pk_live");
  }

  @Test
  void acceptsOnlyEventsOfItsOwnModeOrThatDoNotSay() {
    assertThat(StripeMode.TEST.accepts(false)).isTrue();
    assertThat(StripeMode.TEST.accepts(true)).isFalse();
    assertThat(StripeMode.LIVE.accepts(true)).isTrue();
    assertThat(StripeMode.LIVE.accepts(false)).isFalse();
    assertThat(StripeMode.LIVE.accepts(null)).isTrue();
  }
}
