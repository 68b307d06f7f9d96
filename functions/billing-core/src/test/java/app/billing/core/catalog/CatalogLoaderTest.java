package app.billing.core.catalog;

import static app.billing.core.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import app.billing.core.catalog.CatalogDocuments.CatalogReadException;
import app.billing.core.catalog.CatalogSource.Remote;
import app.billing.core.config.ConfigException;
import app.billing.core.config.ConfigReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogLoaderTest {
  static final String SSM = "ssm:/billing/plan-catalog";

  /** Records what was read; answers with {@code document}. */
  static final class Documents implements CatalogDocuments {
    final List<Remote> reads = new ArrayList<>();
    final String document;

    Documents(String document) {
      this.document = document;
    }

    @Override
    public String read(Remote source) {
      reads.add(source);
      return document;
    }
  }

  /** resolve then load, as a function's init runs them. */
  static Catalog init(Map<String, String> env, CatalogDocuments documents) {
    ConfigReader reader = new ConfigReader(CatalogLoader.resolve(env, documents));
    Catalog catalog = CatalogLoader.load(reader);
    reader.validate();
    return catalog;
  }

  @Test
  void withoutASourceTheBundledCatalogLoadsAndNothingIsRead() {
    Documents documents = new Documents("unused");

    Catalog catalog = init(Map.of(), documents);

    assertThat(catalog.entries()).extracting(CatalogEntry::key).contains("starter", "pro");
    assertThat(init(Map.of(CatalogSource.VARIABLE, "bundled"), documents).entries()).hasSize(3);
    assertThat(documents.reads).isEmpty();
  }

  @Test
  void anInlineCatalogStillWorksWithTheDefaultSource() {
    Catalog catalog =
        init(Map.of("PLAN_CATALOG", resource("catalogs/minimal.json")), new Documents("unused"));

    assertThat(catalog.entries()).extracting(CatalogEntry::key).containsExactly("basic", "report");
  }

  @Test
  void aRemoteSourceIsReadOnceAndItsDocumentValidated() {
    Documents documents = new Documents(resource("catalogs/minimal.json"));

    Catalog catalog = init(Map.of(CatalogSource.VARIABLE, SSM), documents);

    assertThat(catalog.entries()).extracting(CatalogEntry::key).containsExactly("basic", "report");
    assertThat(documents.reads)
        .containsExactly(new CatalogSource.SsmParameter("/billing/plan-catalog"));
  }

  @Test
  void anInvalidRemoteCatalogNamesEveryProblemAndWhereTheCatalogCameFrom() {
    Documents documents = new Documents(resource("catalogs/invalid-everything.json"));

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> init(Map.of(CatalogSource.VARIABLE, "s3://acme-config/catalog.json"), documents));

    assertThat(e.problems()).hasSizeGreaterThan(5);
    assertThat(e.problems())
        .allSatisfy(
            p -> assertThat(p).startsWith("PLAN_CATALOG_SOURCE s3://acme-config/catalog.json: "))
        .contains(
            "PLAN_CATALOG_SOURCE s3://acme-config/catalog.json: entry 'Bad Key!': key must be"
                + " lower-case letters, digits, '_' or '-'");
  }

  @Test
  void aReadFailureNamesTheSourceAndTheCause() {
    CatalogDocuments failing =
        source -> {
          throw new CatalogReadException("ParameterNotFound, HTTP 400", null);
        };

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> init(Map.of(CatalogSource.VARIABLE, SSM), failing));

    assertThat(e.problems())
        .containsExactly(
            "PLAN_CATALOG_SOURCE: ssm:/billing/plan-catalog could not be read"
                + " (ParameterNotFound, HTTP 400)");
  }

  @Test
  void aReadFailureIsNamedBesideEveryOtherProblemOfTheConfiguration() {
    CatalogDocuments failing =
        source -> {
          throw new CatalogReadException("AccessDeniedException, HTTP 400", null);
        };

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                CatalogLoader.resolveThenRead(
                    Map.of(CatalogSource.VARIABLE, SSM),
                    failing,
                    env -> {
                      ConfigReader reader = new ConfigReader(env);
                      reader.required("BILLING_TABLE");
                      Catalog catalog = CatalogLoader.load(reader);
                      reader.validate();
                      return catalog;
                    }));

    assertThat(e.problems())
        .containsExactly(
            "PLAN_CATALOG_SOURCE: " + SSM + " could not be read (AccessDeniedException, HTTP 400)",
            "BILLING_TABLE is missing");
  }

  @Test
  void anEmptyDocumentIsAnError() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> init(Map.of(CatalogSource.VARIABLE, SSM), new Documents("  ")));

    assertThat(e.problems()).containsExactly("PLAN_CATALOG_SOURCE: " + SSM + " is empty");
  }

  @Test
  void anInlineCatalogBesideARemoteSourceIsRefusedWithoutReading() {
    Documents documents = new Documents(resource("catalogs/minimal.json"));

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                init(
                    Map.of(CatalogSource.VARIABLE, SSM, "PLAN_CATALOG", "{\"entries\": []}"),
                    documents));

    assertThat(e.problems()).containsExactly("set PLAN_CATALOG or PLAN_CATALOG_SOURCE, not both");
    assertThat(documents.reads).isEmpty();
  }

  @Test
  void aMalformedSourceIsAConfigurationProblemBesideTheOthers() {
    ConfigReader reader =
        new ConfigReader(
            CatalogLoader.resolve(
                Map.of(CatalogSource.VARIABLE, "s3://bucket/*"), new Documents("unused")));
    reader.required("BILLING_TABLE");

    assertThat(CatalogLoader.load(reader)).isNull();
    ConfigException e = catchThrowableOfType(ConfigException.class, reader::validate);

    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(1))
        .startsWith("PLAN_CATALOG_SOURCE must be bundled, ssm:/parameter/name or s3://bucket/key")
        .endsWith("got 's3://bucket/*'");
  }

  @Test
  void aRemoteSourceThatNoReaderResolvedIsReportedNotSilentlyBundled() {
    ConfigReader reader = new ConfigReader(Map.of(CatalogSource.VARIABLE, SSM));

    assertThat(CatalogLoader.load(reader)).isNull();

    assertThat(catchThrowableOfType(ConfigException.class, reader::validate).problems())
        .containsExactly(
            "PLAN_CATALOG_SOURCE: ssm:/billing/plan-catalog was not read before the configuration");
  }

  @Test
  void anInvalidInlineCatalogKeepsItsVariableAsThePrefix() {
    ConfigReader reader = new ConfigReader(Map.of("PLAN_CATALOG", "{\"entries\": []}"));

    assertThat(CatalogLoader.load(reader)).isNull();

    assertThat(catchThrowableOfType(ConfigException.class, reader::validate).problems())
        .containsExactly("PLAN_CATALOG: catalog must list at least one entry under \"entries\"");
  }
}
