package app.billing.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.config.ConfigException;
import app.billing.testkit.Exceptions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckoutConfigTest {
  static final String TOKEN_KEY = "checkout-config-test-token-key-0123456789";

  static Map<String, String> valid() {
    return new HashMap<>(
        Map.of(
            "BILLING_TABLE", "billing",
            "STRIPE_SECRET_KEY", "sk_test_config_0123456789",
            "CHECKOUT_TOKEN_KEY", TOKEN_KEY,
            "CHECKOUT_SUCCESS_URL", "https://app.example.com/billing/success",
            "CHECKOUT_CANCEL_URL", "https://app.example.com/billing/cancel"));
  }

  static ConfigException invalid(Map<String, String> env) {
    return Exceptions.thrown(ConfigException.class, () -> CheckoutConfig.fromEnvironment(env));
  }

  @Test
  void defaults() {
    CheckoutConfig config = CheckoutConfig.fromEnvironment(valid());

    assertThat(config.tableName()).isEqualTo("billing");
    assertThat(config.settings().automaticTax()).isFalse();
    assertThat(config.settings().taxIdCollection()).isFalse();
    assertThat(config.settings().allowPromotionCodes()).isTrue();
    assertThat(config.settings().maxRequestsPerWindow()).isEqualTo(5);
    assertThat(config.settings().redirects().allowedOrigins())
        .containsExactly("https://app.example.com");
    assertThat(config.stripe().apiBase()).isEmpty();
    assertThat(config.stripe().readTimeoutMillis()).isEqualTo(5_000);
    assertThat(config.stripe().maxNetworkRetries()).isEqualTo(2);
    assertThat(config.catalog().entry("pro")).isPresent();
  }

  @Test
  void readsEveryOption() {
    Map<String, String> env = valid();
    env.putAll(
        Map.of(
            "STRIPE_API_BASE",
            "http://127.0.0.1:12111",
            "STRIPE_READ_TIMEOUT_MS",
            "900",
            "ALLOWED_REDIRECT_ORIGINS",
            "https://www.example.com, http://localhost:3000",
            "CHECKOUT_AUTOMATIC_TAX",
            "true",
            "CHECKOUT_RATE_LIMIT",
            "20",
            "CHECKOUT_TAX_ID_COLLECTION",
            "true",
            "CHECKOUT_PROMOTION_CODES",
            "false"));

    CheckoutConfig config = CheckoutConfig.fromEnvironment(env);
    assertThat(config.settings().taxIdCollection()).isTrue();
    assertThat(config.settings().allowPromotionCodes()).isFalse();

    assertThat(config.stripe().apiBase()).isEqualTo(Optional.of("http://127.0.0.1:12111"));
    assertThat(config.stripe().readTimeoutMillis()).isEqualTo(900);
    assertThat(config.settings().automaticTax()).isTrue();
    assertThat(config.settings().maxRequestsPerWindow()).isEqualTo(20);
    assertThat(config.settings().redirects().allowedOrigins())
        .containsExactly(
            "http://localhost:3000", "https://app.example.com", "https://www.example.com");
  }

  @Test
  void namesEveryProblemAtOnceWithoutEchoingTheKey() {
    ConfigException e =
        invalid(
            Map.of(
                "STRIPE_SECRET_KEY", "whsec_pasted_into_the_wrong_variable",
                "CHECKOUT_SUCCESS_URL", "http://app.example.com/success",
                "ALLOWED_REDIRECT_ORIGINS", "https://www.example.com/path",
                "CHECKOUT_AUTOMATIC_TAX", "maybe",
                "PLAN_CATALOG", "{\"entries\": []}"));

    assertThat(e.problems()).hasSize(8);
    assertThat(e.getMessage())
        .contains(
            "BILLING_TABLE",
            "STRIPE_SECRET_KEY",
            "CHECKOUT_SUCCESS_URL",
            "CHECKOUT_CANCEL_URL",
            "ALLOWED_REDIRECT_ORIGINS",
            "CHECKOUT_AUTOMATIC_TAX",
            "PLAN_CATALOG",
            "CHECKOUT_TOKEN_KEY")
        .doesNotContain("whsec_pasted");
  }

  @Test
  void settingsToStringHidesTheKeys() {
    assertThat(CheckoutConfig.fromEnvironment(valid()).toString())
        .doesNotContain("sk_test_config")
        .doesNotContain(TOKEN_KEY);
  }

  @Test
  void theTokenKeySignsAndAShortOneIsRefusedWithoutEchoingIt() {
    CheckoutConfig config = CheckoutConfig.fromEnvironment(valid());
    assertThat(config.settings().token().sign("t1", "cus_1")).startsWith("v1.");

    Map<String, String> env = valid();
    env.put("CHECKOUT_TOKEN_KEY", "too-short-key");

    ConfigException e = invalid(env);
    assertThat(e.problems())
        .containsExactly("CHECKOUT_TOKEN_KEY: each key must be at least 32 characters");
    assertThat(e.getMessage()).doesNotContain("too-short-key");
  }

  @Test
  void rateLimitMustBePositive() {
    Map<String, String> env = valid();
    env.put("CHECKOUT_RATE_LIMIT", "0");

    assertThatThrownBy(() -> CheckoutConfig.fromEnvironment(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CHECKOUT_RATE_LIMIT");
  }
}
