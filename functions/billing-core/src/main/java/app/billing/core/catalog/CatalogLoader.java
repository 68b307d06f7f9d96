package app.billing.core.catalog;

import app.billing.core.catalog.CatalogDocuments.CatalogReadException;
import app.billing.core.config.ConfigException;
import app.billing.core.config.ConfigReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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

  private static final String NOT_READ = " was not read before the configuration";

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
   * {@link #resolve}, then {@code read} the configuration, with one {@link ConfigException} naming
   * every problem of both steps: a catalog that cannot be read is reported beside whatever else is
   * missing or malformed (and not again as unread).
   */
  public static <T> T resolveThenRead(
      Map<String, String> env, CatalogDocuments documents, Function<Map<String, String>, T> read) {
    List<String> problems = new ArrayList<>();
    Map<String, String> resolved;
    try {
      resolved = resolve(env, documents);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      Map<String, String> unread = new HashMap<>(env);
      unread.remove(INLINE_VARIABLE);
      resolved = unread;
    }
    boolean unread = !problems.isEmpty();
    T result = null;
    try {
      result = read.apply(resolved);
    } catch (ConfigException e) {
      e.problems().stream()
          .filter(
              p -> !(unread && p.startsWith(CatalogSource.VARIABLE + ": ") && p.endsWith(NOT_READ)))
          .forEach(problems::add);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return result;
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
        reader.problem(CatalogSource.VARIABLE + ": " + remote + NOT_READ);
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
