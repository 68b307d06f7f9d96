package app.billing.core.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a deployment works with Stripe's live or test data. Stripe sends a live and a test
 * endpoint's events with {@code livemode} true or false; a deployment processes only its own mode's
 * events, so a test event can never change a paying customer's access (and the reverse).
 */
public enum StripeMode {
  LIVE,
  TEST;

  /** The environment variable that names the mode ({@code live} or {@code test}). */
  public static final String STRIPE_MODE = "STRIPE_MODE";

  /**
   * The mode: {@value #STRIPE_MODE} when set (it wins), else the mode of the Stripe key ({@code
   * sk_live_}/{@code rk_live_} or {@code sk_test_}/{@code rk_test_}). Problems go to {@code
   * reader}; empty when the mode is unknown or invalid.
   *
   * @param stripeKey the Stripe secret or restricted key, when the function has one
   */
  public static Optional<StripeMode> read(ConfigReader reader, Optional<String> stripeKey) {
    Optional<String> explicit = reader.optional(STRIPE_MODE);
    if (explicit.isPresent()) {
      Optional<StripeMode> mode = parse(explicit.get());
      if (mode.isEmpty()) {
        // Not echoed: a key pasted into the wrong variable must not reach the logs.
        reader.problem(STRIPE_MODE + " must be live or test");
      }
      return mode;
    }
    Optional<StripeMode> fromKey = stripeKey.flatMap(StripeMode::ofKey);
    if (fromKey.isEmpty()) {
      reader.problem(
          STRIPE_MODE
              + " is required (live or test)"
              + (stripeKey.isPresent() ? ": the Stripe key does not tell the mode" : ""));
    }
    return fromKey;
  }

  /** The mode of a Stripe secret or restricted key; empty for anything else. Never logs the key. */
  public static Optional<StripeMode> ofKey(String key) {
    if (key == null) {
      return Optional.empty();
    }
    if (key.startsWith("sk_live_") || key.startsWith("rk_live_")) {
      return Optional.of(LIVE);
    }
    if (key.startsWith("sk_test_") || key.startsWith("rk_test_")) {
      return Optional.of(TEST);
    }
    return Optional.empty();
  }

  static Optional<StripeMode> parse(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "live" -> Optional.of(LIVE);
      case "test" -> Optional.of(TEST);
      default -> Optional.empty();
    };
  }

  /**
   * Whether an event of this {@code livemode} belongs to this mode; an event that does not say
   * (null) is taken as belonging, since every event Stripe sends says.
   */
  public boolean accepts(Boolean livemode) {
    return livemode == null || livemode == (this == LIVE);
  }

  /** As written in {@value #STRIPE_MODE} and in logs. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
