package app.billing.core.email;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;

/** How emails show money and dates: amounts in the currency's own minor unit, dates in UTC. */
public final class Formats {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("MMMM d, uuuu", Locale.US).withZone(ZoneOffset.UTC);

  // https://docs.stripe.com/currencies#zero-decimal and #three-decimal
  private static final Set<String> STRIPE_ZERO_DECIMAL =
      Set.of(
          "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "VND", "VUV", "XAF",
          "XOF", "XPF");
  private static final Set<String> STRIPE_THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

  private Formats() {}

  /**
   * 1900 usd → "$19.00"; 500 jpy → "¥500". Amounts use Stripe's minor unit, which is not always
   * Java's: Stripe's zero-decimal currencies have none, its three-decimal ones have three, and a
   * few (e.g. ISK, UGX) are sent to the API with two decimals although they are shown without.
   */
  public static String money(long stripeAmount, String currencyCode) {
    String code = currencyCode.toUpperCase(Locale.ROOT);
    Currency currency = Currency.getInstance(code);
    int stripeScale =
        STRIPE_ZERO_DECIMAL.contains(code) ? 0 : STRIPE_THREE_DECIMAL.contains(code) ? 3 : 2;
    int shown =
        STRIPE_ZERO_DECIMAL.contains(code) ? 0 : Math.max(currency.getDefaultFractionDigits(), 0);
    NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
    format.setCurrency(currency);
    format.setMinimumFractionDigits(shown);
    format.setMaximumFractionDigits(shown);
    return format.format(BigDecimal.valueOf(stripeAmount, stripeScale));
  }

  /** "December 3, 2026 (UTC)" style, without the suffix. */
  public static String date(Instant instant) {
    return DATE.format(instant);
  }
}
