package app.billing.deploy;

import static app.billing.deploy.Template.map;
import static app.billing.deploy.Template.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.checkout.CheckoutConfig;
import app.billing.core.checkout.RequestRateLimiter;
import app.billing.core.config.ConfigException;
import app.billing.portal.PortalConfig;
import app.billing.usage.UsageConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How the routes that spend Stripe capacity (checkout, portal) are shared between tenants: a route
 * throttle for all callers together and a per-tenant limit in the function, both deploy parameters
 * whose bounds are the code's. No WAF: AWS WAF cannot be associated with an HTTP API (see
 * deploy-tests/README.md, "Capacity and fairness").
 */
class ApiCapacityTest {
  static final Template template = Template.get();

  static Map<String, String> checkoutEnv() {
    return new HashMap<>(
        Map.of(
            "BILLING_TABLE",
            "billing",
            "STRIPE_SECRET_KEY",
            "sk_test_capacity",
            "CHECKOUT_TOKEN_KEY",
            "capacity-test-checkout-token-key-0123456789",
            "CHECKOUT_SUCCESS_URL",
            "https://app.acme.test/billing?checkout=success",
            "CHECKOUT_CANCEL_URL",
            "https://app.acme.test/billing?checkout=canceled"));
  }

  static Map<String, String> portalEnv() {
    return new HashMap<>(
        Map.of(
            "BILLING_TABLE",
            "billing",
            "STRIPE_SECRET_KEY",
            "sk_test_capacity",
            "PORTAL_RETURN_URL",
            "https://app.acme.test/billing"));
  }

  static Map<String, String> usageEnv() {
    return new HashMap<>(
        Map.of("BILLING_TABLE", "billing", "STRIPE_SECRET_KEY", "sk_test_capacity"));
  }

  static int limitOf(String function, Map<String, String> env) {
    ToIntFunction<Map<String, String>> read =
        switch (function) {
          case "CheckoutFunction" ->
              e -> CheckoutConfig.fromEnvironment(e).settings().maxRequestsPerWindow();
          case "UsageFunction" ->
              e -> UsageConfig.fromEnvironment(e).settings().maxRequestsPerWindow();
          default -> e -> PortalConfig.fromEnvironment(e).settings().maxRequestsPerWindow();
        };
    return read.applyAsInt(env);
  }

  private static int number(Map<String, Object> parameter, String property) {
    assertThat(parameter).containsKey(property);
    return ((Number) parameter.get(property)).intValue();
  }

  @ParameterizedTest
  @CsvSource({
    "CheckoutFunction, CHECKOUT_RATE_LIMIT",
    "PortalFunction, PORTAL_RATE_LIMIT",
    "UsageFunction, USAGE_RATE_LIMIT"
  })
  void theRouteThrottleAndThePerTenantLimitAreParametersWithTheCodesBounds(
      String function, String variable) {
    Map<String, Object> route = template.eventsOfType(function, "HttpApi").getFirst();
    Map<String, Object> throttle = map(route.get("RouteSettings"));
    String rate =
        ref(throttle.get("ThrottlingRateLimit"))
            .orElseThrow(() -> new AssertionError(function + " rate"));
    String burst =
        ref(throttle.get("ThrottlingBurstLimit"))
            .orElseThrow(() -> new AssertionError(function + " burst"));
    assertThat(template.parameters()).containsKeys(rate, burst);

    String tenantParameter =
        ref(template.environment(function).get(variable))
            .orElseThrow(
                () -> new AssertionError(function + " " + variable + " must !Ref a parameter"));
    Map<String, Object> tenant = map(template.parameters().get(tenantParameter));
    Map<String, String> env =
        switch (function) {
          case "CheckoutFunction" -> checkoutEnv();
          case "UsageFunction" -> usageEnv();
          default -> portalEnv();
        };
    for (String bound : List.of("Default", "MinValue", "MaxValue")) {
      env.put(variable, String.valueOf(number(tenant, bound)));
      assertThat(limitOf(function, env))
          .as("%s %s", tenantParameter, bound)
          .isEqualTo(number(tenant, bound));
    }
    env.put(variable, String.valueOf(number(tenant, "MaxValue") + 1));
    assertThatThrownBy(() -> limitOf(function, env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(variable);

    // One tenant at its own limit takes only part of the route's budget, so the others keep theirs.
    int perWindowForEveryone =
        number(map(template.parameters().get(rate)), "Default")
            * (int) RequestRateLimiter.WINDOW.toSeconds();
    assertThat(number(tenant, "Default"))
        .as("%s default below the route's budget per window", tenantParameter)
        .isLessThan(perWindowForEveryone);
  }

  @Test
  void noWafIsAssociatedWithTheHttpApiWhichWafCannotProtect() {
    for (String association : template.ofType("AWS::WAFv2::WebACLAssociation")) {
      assertThat(Template.references(template.properties(association).get("ResourceArn")))
          .as(
              "%s: WAF supports REST APIs, not HTTP APIs; put CloudFront + WAF in front instead",
              association)
          .doesNotContain("BillingApi", "BillingApiApiGatewayDefaultStage");
    }
    assertThat(template.type("BillingApi")).isEqualTo("AWS::Serverless::HttpApi");
  }
}
