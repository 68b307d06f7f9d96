package app.billing.deploy;

import static app.billing.deploy.Template.list;
import static app.billing.deploy.Template.map;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.catalog.CatalogSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PlanCatalogSource as CloudFormation deploys it: the same shapes as the code's {@link
 * CatalogSource}, passed to exactly the functions that load the catalog, and for each kind of
 * source a grant of exactly the one read on exactly that parameter or object, to those functions
 * only.
 */
class CatalogSourceTemplateTest {
  static final Template template = Template.get();

  /** The functions whose init looks up PLAN_CATALOG_SOURCE: what the code does, not a list. */
  static final List<String> READERS =
      Deployables.ALL.stream()
          .filter(f -> FunctionSettingsContractTest.read(f).contains(CatalogSource.VARIABLE))
          .map(Deployables.Deployable::logicalId)
          .toList();

  static Pattern allowedPattern() {
    return Pattern.compile(
        (String) map(template.parameters().get("PlanCatalogSource")).get("AllowedPattern"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bundled",
        "ssm:/billing/plan-catalog",
        "ssm:/a.b/c_d-e",
        "s3://acme-config/catalog.json",
        "s3://acme.config-eu/billing/v2/catalog=1+x@y.json",
        "",
        "ssm:billing",
        "ssm:/billing/*",
        "ssm:/billing/${aws:username}",
        "s3://acme-config/*",
        "s3://acme-config//catalog.json",
        "s3://Acme/catalog.json",
        "s3://acme-config/",
        "arn:aws:ssm:us-east-1:123456789012:parameter/billing",
        "bundled\n"
      })
  void theTemplateAcceptsExactlyWhatTheCodeParses(String value) {
    boolean parses;
    try {
      CatalogSource.parse(value);
      parses = value.equals(value.trim());
    } catch (IllegalArgumentException e) {
      parses = false;
    }
    assertThat(allowedPattern().matcher(value).matches()).as("'%s'", value).isEqualTo(parses);
  }

  @Test
  void theFunctionsThatSellMapOrMeterPlansReadTheCatalogSource() {
    assertThat(READERS)
        .containsExactlyInAnyOrder(
            "CheckoutFunction", "AccountFunction", "ProvisioningFunction", "UsageFunction");
  }

  @Test
  void theDefaultIsTheBundledCatalogAndOnlyTheCatalogReadersAreToldTheSource() {
    assertThat(map(template.parameters().get("PlanCatalogSource")).get("Default"))
        .isEqualTo("bundled");
    for (String function : template.functions()) {
      Map<String, Object> env = template.environment(function);
      assertThat(env).as(function).doesNotContainKey("PLAN_CATALOG");
      if (READERS.contains(function)) {
        assertThat(env.get(CatalogSource.VARIABLE))
            .as(function)
            .isEqualTo(Map.of("Ref", "PlanCatalogSource"));
      } else {
        assertThat(env).as(function).doesNotContainKey(CatalogSource.VARIABLE);
      }
    }
  }

  @Test
  void bundledGrantsNothing() {
    assertThat(catalogGrants("bundled")).isEmpty();
  }

  @Test
  void anSsmSourceGrantsGetParameterOnThatParameterToTheReadersOnly() {
    Map<String, String> expected = new TreeMap<>();
    READERS.forEach(
        f ->
            expected.put(
                f,
                "[ssm:GetParameter] on arn:aws:ssm:"
                    + World.REGION
                    + ":"
                    + World.ACCOUNT
                    + ":parameter/billing/prod/plan-catalog"));

    assertThat(catalogGrants("ssm:/billing/prod/plan-catalog")).isEqualTo(expected);
  }

  @Test
  void anS3SourceGrantsGetObjectOnThatObjectToTheReadersOnly() {
    Map<String, String> expected = new TreeMap<>();
    READERS.forEach(
        f -> expected.put(f, "[s3:GetObject] on arn:aws:s3:::acme-config/billing/catalog.json"));

    assertThat(catalogGrants("s3://acme-config/billing/catalog.json")).isEqualTo(expected);
  }

  /** Per function, the ssm/s3 statements its role has when deployed with {@code source}. */
  static Map<String, String> catalogGrants(String source) {
    CfnConditions cfn = new CfnConditions(template, Map.of("PlanCatalogSource", source));
    Map<String, String> grants = new TreeMap<>();
    for (String function : template.functions()) {
      for (Map<String, Object> statement :
          template.statements(template.roleOf(function).orElseThrow(), cfn)) {
        var actions = TemplateContractTest.actions(statement);
        if (actions.stream().anyMatch(a -> a.startsWith("ssm:") || a.startsWith("s3:"))) {
          List<String> resources =
              list(statement.get("Resource")).stream().map(cfn::string).toList();
          grants.merge(
              function, actions + " on " + String.join(",", resources), (a, b) -> a + "; " + b);
        }
      }
    }
    return grants;
  }
}
