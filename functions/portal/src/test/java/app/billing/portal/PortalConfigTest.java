package app.billing.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.config.ConfigException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortalConfigTest {
  static Map<String, String> valid() {
    return new HashMap<>(
        Map.of(
            "BILLING_TABLE", "billing",
            "STRIPE_SECRET_KEY", "rk_test_restricted_0123456789",
            "PORTAL_RETURN_URL", "https://app.example.com/account"));
  }

  @Test
  void defaults() {
    PortalConfig config = PortalConfig.fromEnvironment(valid());

    assertThat(config.settings().returnUrl()).isEqualTo("https://app.example.com/account");
    assertThat(config.settings().configurationId()).isEmpty();
    assertThat(config.settings().maxRequestsPerWindow()).isEqualTo(5);
    assertThat(config.settings().redirects().allowedOrigins())
        .containsExactly("https://app.example.com");
  }

  @Test
  void readsEveryOption() {
    Map<String, String> env = valid();
    env.putAll(
        Map.of(
            "PORTAL_CONFIGURATION_ID",
            "bpc_1Pgc7HB7WZ01zgkWxH2EPWRX",
            "PORTAL_RATE_LIMIT",
            "9",
            "ALLOWED_REDIRECT_ORIGINS",
            "https://www.example.com",
            "STRIPE_API_BASE",
            "http://localhost:12111"));

    PortalConfig config = PortalConfig.fromEnvironment(env);

    assertThat(config.settings().configurationId())
        .isEqualTo(Optional.of("bpc_1Pgc7HB7WZ01zgkWxH2EPWRX"));
    assertThat(config.settings().maxRequestsPerWindow()).isEqualTo(9);
    assertThat(config.settings().redirects().allowedOrigins())
        .containsExactly("https://app.example.com", "https://www.example.com");
    assertThat(config.stripe().apiBase()).contains("http://localhost:12111");
  }

  @Test
  void namesEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                PortalConfig.fromEnvironment(
                    Map.of(
                        "STRIPE_SECRET_KEY", "pk_test_publishable_key_by_mistake",
                        "PORTAL_RETURN_URL", "app.example.com/account",
                        "PORTAL_CONFIGURATION_ID", "config_1",
                        "ALLOWED_REDIRECT_ORIGINS", "http://www.example.com")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.problems()).hasSize(5);
              assertThat(e.getMessage())
                  .contains(
                      "BILLING_TABLE",
                      "STRIPE_SECRET_KEY",
                      "PORTAL_RETURN_URL",
                      "PORTAL_CONFIGURATION_ID",
                      "ALLOWED_REDIRECT_ORIGINS")
                  .doesNotContain("pk_test_publishable");
            });
  }
}
