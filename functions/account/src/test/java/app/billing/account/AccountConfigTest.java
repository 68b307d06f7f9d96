package app.billing.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountConfigTest {

  @Test
  void tableIsEnoughGraceDefaultsToSevenDaysAndTheBundledCatalogIsUsed() {
    AccountConfig config = AccountConfig.fromEnvironment(Map.of("BILLING_TABLE", "billing"));

    assertThat(config.tableName()).isEqualTo("billing");
    assertThat(config.pastDueGrace()).isEqualTo(Duration.ofDays(7));
    assertThat(config.catalog().entry("pro")).isPresent();
  }

  @Test
  void graceDaysAndCatalogCanBeSet() {
    AccountConfig config =
        AccountConfig.fromEnvironment(
            Map.of(
                "BILLING_TABLE", "billing",
                "PAST_DUE_GRACE_DAYS", "3",
                "PLAN_CATALOG",
                    """
            {"entries": [{"key": "solo", "name": "Solo", "mode": "subscription",
              "prices": {"monthly": {"price_id": "price_solo", "amount": 900, "currency": "eur"}}}]}
            """));

    assertThat(config.pastDueGrace()).isEqualTo(Duration.ofDays(3));
    assertThat(config.catalog().entries()).extracting(e -> e.key()).containsExactly("solo");
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    assertThatThrownBy(
            () ->
                AccountConfig.fromEnvironment(
                    Map.of(
                        "PAST_DUE_GRACE_DAYS", "a week",
                        "PLAN_CATALOG", "{\"entries\": []}")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .satisfiesExactlyInAnyOrder(
                        p -> assertThat(p).contains("BILLING_TABLE"),
                        p -> assertThat(p).contains("PAST_DUE_GRACE_DAYS"),
                        p -> assertThat(p).contains("PLAN_CATALOG")));
  }

  @Test
  void graceDaysOutOfRangeIsRefused() {
    assertThatThrownBy(
            () ->
                AccountConfig.fromEnvironment(
                    Map.of("BILLING_TABLE", "billing", "PAST_DUE_GRACE_DAYS", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PAST_DUE_GRACE_DAYS");
  }
}
