package app.billing.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {

  @Test
  void readsWellFormedValues() {
    ConfigReader env =
        new ConfigReader(
            Map.of(
                "TABLE", "billing",
                "ORIGINS", " https://a.test , https://b.test ,",
                "RETRIES", "5",
                "GRACE_DAYS", "3",
                "TIMEOUT", "30",
                "ENABLED", "YES",
                "DISABLED", "0",
                "PORTAL_URL", "https://app.example.com/billing",
                "PADDED", "  value  "));

    assertThat(env.required("TABLE")).isEqualTo("billing");
    assertThat(env.requiredList("ORIGINS")).containsExactly("https://a.test", "https://b.test");
    assertThat(env.integer("RETRIES", 1, 0, 10)).isEqualTo(5);
    assertThat(env.days("GRACE_DAYS", 7)).isEqualTo(Duration.ofDays(3));
    assertThat(env.seconds("TIMEOUT", 10, 1, 900)).isEqualTo(Duration.ofSeconds(30));
    assertThat(env.flag("ENABLED", false)).isTrue();
    assertThat(env.flag("DISABLED", true)).isFalse();
    assertThat(env.optionalUri("PORTAL_URL"))
        .contains(URI.create("https://app.example.com/billing"));
    assertThat(env.optional("PADDED")).contains("value");
    env.validate();
  }

  @Test
  void absentOrBlankOptionalValuesFallBackToDefaults() {
    ConfigReader env = new ConfigReader(Map.of("BLANK", "   "));

    assertThat(env.optional("BLANK")).isEmpty();
    assertThat(env.optional("MISSING", "fallback")).isEqualTo("fallback");
    assertThat(env.optionalList("MISSING")).isEmpty();
    assertThat(env.integer("MISSING", 4, 0, 10)).isEqualTo(4);
    assertThat(env.days("MISSING", 7)).isEqualTo(Duration.ofDays(7));
    assertThat(env.flag("MISSING", true)).isTrue();
    assertThat(env.optionalUri("MISSING")).isEqualTo(Optional.empty());
    env.validate();
  }

  @Test
  void collectsEveryProblemIntoOneException() {
    ConfigReader env =
        new ConfigReader(
            Map.of(
                "BLANK_TABLE", "  ",
                "ORIGINS", " , ,",
                "RETRIES", "many",
                "GRACE_DAYS", "400",
                "ENABLED", "maybe",
                "PORTAL_URL", "/billing"));

    assertThat(env.required("TABLE")).isNull();
    env.required("BLANK_TABLE");
    assertThat(env.requiredList("ORIGINS")).isEmpty();
    assertThat(env.requiredList("MISSING_LIST")).isEmpty();
    assertThat(env.integer("RETRIES", 2, 0, 10)).isEqualTo(2);
    assertThat(env.days("GRACE_DAYS", 7)).isEqualTo(Duration.ofDays(7));
    assertThat(env.flag("ENABLED", false)).isFalse();
    assertThat(env.optionalUri("PORTAL_URL")).isEmpty();
    env.problem("PLAN_CATALOG: entry 'pro': name is missing");

    ConfigException e = catchThrowableOfType(ConfigException.class, env::validate);

    assertThat(e.problems())
        .containsExactly(
            "TABLE is missing",
            "BLANK_TABLE is missing",
            "ORIGINS must list at least one value",
            "MISSING_LIST is missing",
            "RETRIES must be a whole number, got 'many'",
            "GRACE_DAYS must be between 0 and 365, got '400'",
            "ENABLED must be true or false, got 'maybe'",
            "PORTAL_URL must be an absolute URL, got '/billing'",
            "PLAN_CATALOG: entry 'pro': name is missing");
    assertThat(e).hasMessage("Invalid configuration: " + String.join("; ", e.problems()));
  }

  @Test
  void validateThrowsAgainWithProblemsAddedLater() {
    ConfigReader env = new ConfigReader(Map.of());
    env.required("A");
    assertThatThrownBy(env::validate).isInstanceOf(ConfigException.class);
    env.required("B");

    assertThat(catchThrowableOfType(ConfigException.class, env::validate).problems())
        .isEqualTo(List.of("A is missing", "B is missing"));
  }

  @Test
  void everyLookupGoesToTheSource() {
    // deploy-tests record the names a function looks up this way (FunctionSettingsContractTest).
    java.util.List<String> asked = new java.util.ArrayList<>();
    Map<String, String> source =
        new java.util.AbstractMap<>() {
          @Override
          public String get(Object key) {
            asked.add(String.valueOf(key));
            return null;
          }

          @Override
          public java.util.Set<Entry<String, String>> entrySet() {
            return java.util.Set.of();
          }
        };
    ConfigReader env = new ConfigReader(source);
    env.required("A");
    env.optional("B");
    env.flag("C", false);

    assertThat(asked).containsExactly("A", "B", "C");
  }
}
