package app.billing.core.catalog;

import app.billing.core.catalog.CatalogDocuments.CatalogReadException;
import app.billing.core.config.ConfigException;
import app.billing.core.config.ConfigReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plan catalog a function runs with, read once at init in two steps, like secrets ({@link
 * app.billing.core.config.SecretReferences}):
 *
 * <ol>
 *   <li>{@link #resolve}: when {@code PLAN_CATALOG_SOURCE} names an SSM parameter or S3 object, its
 *       document is fetched and becomes {@code PLAN_CATALOG};
 *   <li>{@link #load}, from the function's configuration: {@code PLAN_CATALOG} validated, else the
 *       bundled {@code catalog.json}; every problem goes to the reader, prefixed with where the
 *       catalog came from.
 * </ol>
 *
 * <p>{@code PLAN_CATALOG} set directly (the local stack, tests) keeps working with the default
 * source; setting it beside a remote source is an error, so a stale inline catalog cannot shadow
 * the deployed one.
 */
public final class CatalogLoader {
  /** Catalog JSON: set directly, or filled in by {@link #resolve} from a remote source. */
  public static final String INLINE_VARIABLE = "PLAN_CATALOG";

  private CatalogLoader() {}

  /**
   * A copy of {@code env} whose {@code PLAN_CATALOG} holds the remote source's document; {@code
   * env} itself when the source is bundled or malformed ({@link #load} reports the latter).
   *
   * @throws ConfigException when the document cannot be read or is empty, or when {@code
   *     PLAN_CATALOG} is also set
   */
  public static Map<String, String> resolve(Map<String, String> env, CatalogDocuments documents) {
    String value = env.get(CatalogSource.VARIABLE);
    if (value == null || value.isBlank()) {
      return env;
    }
    CatalogSource source;
    try {
      source = CatalogSource.parse(value);
    } catch (IllegalArgumentException e) {
      return env;
    }
    if (!(source instanceof CatalogSource.Remote remote)) {
      return env;
    }
    String inline = env.get(INLINE_VARIABLE);
    if (inline != null && !inline.isBlank()) {
      throw new ConfigException(
          List.of("set " + INLINE_VARIABLE + " or " + CatalogSource.VARIABLE + ", not both"));
    }
    String document;
    try {
      document = documents.read(remote);
    } catch (CatalogReadException e) {
      throw new ConfigException(
          List.of(
              CatalogSource.VARIABLE
                  + ": "
                  + remote
                  + " could not be read ("
                  + e.getMessage()
                  + ")"));
    }
    if (document == null || document.isBlank()) {
      throw new ConfigException(List.of(CatalogSource.VARIABLE + ": " + remote + " is empty"));
    }
    Map<String, String> resolved = new HashMap<>(env);
    resolved.put(INLINE_VARIABLE, document);
    return Map.copyOf(resolved);
  }

  /**
   * The validated catalog, or null after reporting every problem to {@code reader} (its {@code
   * validate()} then throws).
   */
  public static Catalog load(ConfigReader reader) {
    Optional<String> named = reader.optional(CatalogSource.VARIABLE);
    Optional<String> inline = reader.optional(INLINE_VARIABLE);
    CatalogSource source;
    try {
      source = named.map(CatalogSource::parse).orElse(CatalogSource.BUNDLED);
    } catch (IllegalArgumentException e) {
      reader.problem(CatalogSource.VARIABLE + " " + e.getMessage());
      return null;
    }
    String where;
    if (source instanceof CatalogSource.Remote remote) {
      if (inline.isEmpty()) {
        reader.problem(
            CatalogSource.VARIABLE + ": " + remote + " was not read before the configuration");
        return null;
      }
      where = CatalogSource.VARIABLE + " " + remote;
    } else {
      where = inline.isPresent() ? INLINE_VARIABLE : "bundled " + Catalog.RESOURCE;
    }
    try {
      return Catalog.load(inline);
    } catch (InvalidCatalogException e) {
      e.problems().forEach(p -> reader.problem(where + ": " + p));
      return null;
    }
  }
}
