package app.billing.core.email;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;

/** How emails show money and dates: amounts in the currency's own minor unit, dates in UTC. */
public final class Formats {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("MMMM d, uuuu", Locale.US).withZone(ZoneOffset.UTC);

  private Formats() {}

  /** 1900 usd → "$19.00"; 500 jpy → "¥500" (zero-decimal currencies have no minor unit). */
  public static String money(long minorUnits, String currencyCode) {
    Currency currency = Currency.getInstance(currencyCode.toUpperCase(Locale.ROOT));
    int digits = Math.max(currency.getDefaultFractionDigits(), 0);
    NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
    format.setCurrency(currency);
    format.setMinimumFractionDigits(digits);
    format.setMaximumFractionDigits(digits);
    return format.format(BigDecimal.valueOf(minorUnits, digits));
  }

  /** "December 3, 2026 (UTC)" style, without the suffix. */
  public static String date(Instant instant) {
    return DATE.format(instant);
  }
}
