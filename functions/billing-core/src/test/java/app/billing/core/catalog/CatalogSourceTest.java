package app.billing.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.catalog.CatalogSource.S3Object;
import app.billing.core.catalog.CatalogSource.SsmParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogSourceTest {

  @Test
  void theThreeShapesParseAndPrintBackAsWritten() {
    assertThat(CatalogSource.parse("bundled")).isEqualTo(CatalogSource.BUNDLED);
    assertThat(CatalogSource.parse("ssm:/billing/prod/plan-catalog"))
        .isEqualTo(new SsmParameter("/billing/prod/plan-catalog"));
    assertThat(CatalogSource.parse(" s3://acme-config.eu/billing/catalog-v2.json "))
        .isEqualTo(new S3Object("acme-config.eu", "billing/catalog-v2.json"));
    for (String value :
        new String[] {"bundled", "ssm:/plan_catalog.v1", "s3://acme-billing/catalog.json"}) {
      assertThat(CatalogSource.parse(value)).hasToString(value);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Bundled",
        "ssm:",
        "ssm:/",
        "ssm:billing/catalog",
        "ssm:/billing/",
        "ssm://billing",
        "ssm:/billing/*",
        "ssm:/billing/catalog?",
        "ssm:/billing/${aws:username}",
        "s3://",
        "s3://bucket",
        "s3://bucket/",
        "s3://Bucket/catalog.json",
        "s3://b/catalog.json",
        "s3://bucket/*",
        "s3://bucket/catalogs/*.json",
        "s3://*/catalog.json",
        "s3://bucket//catalog.json",
        "s3://bucket/${aws:userid}.json",
        "https://acme.test/catalog.json",
        "{\"entries\": []}"
      })
  void anyOtherValueIsRefusedNamingTheShapes(String value) {
    assertThatThrownBy(() -> CatalogSource.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bundled, ssm:/parameter/name or s3://bucket/key");
  }
}
