package app.billing.core.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatsTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "1900, usd, $19.00",
    "0, usd, $0.00",
    "7400, usd, $74.00",
    "5, usd, $0.05",
    "123456789, usd, '$1,234,567.89'",
    "1900, USD, $19.00",
    "500, jpy, ¥500",
    "123456, jpy, '¥123,456'",
    "1950, eur, €19.50",
    "999, gbp, £9.99",
    "2500, mga, 'MGA2,500'",
    "10000, isk, ISK100",
    "1500, kwd, KWD1.500",
  })
  void moneyUsesTheCurrencysMinorUnit(long minorUnits, String currency, String expected) {
    assertThat(Formats.money(minorUnits, currency)).isEqualTo(expected);
  }

  @Test
  void moneyRejectsAnUnknownCurrencyCode() {
    assertThatThrownBy(() -> Formats.money(100, "dollars"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void datesAreInUtcWithTheMonthSpelledOut() {
    assertThat(Formats.date(Instant.parse("2026-12-03T10:15:00Z"))).isEqualTo("December 3, 2026");
    // 23:30 in UTC is already the next day in Asia, still the same day here.
    assertThat(Formats.date(Instant.parse("2026-09-15T23:30:00Z"))).isEqualTo("September 15, 2026");
    assertThat(Formats.date(Instant.ofEpochSecond(1789480992))).isEqualTo("September 15, 2026");
    assertThat(Formats.date(Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo("January 1, 2027");
  }
}
