package app.billing.core.catalog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the plan catalog lives, as {@code PLAN_CATALOG_SOURCE} names it: {@code bundled} (the
 * {@code catalog.json} inside the jar, the default), {@code ssm:/path/name} (an SSM parameter,
 * String or SecureString) or {@code s3://bucket/key} (an S3 object). The template's {@code
 * PlanCatalogSource} parameter has the same shape ({@link #PATTERN}); its value ends up in an IAM
 * policy's Resource, so no shape admits a wildcard ({@code *}, {@code ?}) or a policy variable.
 */
public sealed interface CatalogSource {
  /** The variable naming the source. */
  String VARIABLE = "PLAN_CATALOG_SOURCE";

  /**
   * The one pattern for the whole value; template.yaml's AllowedPattern is checked against it.
   * Groups: 1 the SSM parameter name, 2 the bucket, 3 the key.
   */
  Pattern PATTERN =
      Pattern.compile(
          "bundled|ssm:((?:/[A-Za-z0-9_.-]+)+)"
              + "|s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/([A-Za-z0-9_.=+@-]+(?:/[A-Za-z0-9_.=+@-]+)*)");

  CatalogSource BUNDLED = new Bundled();

  /** The catalog.json resource inside the function's jar. */
  record Bundled() implements CatalogSource {
    @Override
    public String toString() {
      return "bundled";
    }
  }

  /** A source read over the network, once at init. */
  sealed interface Remote extends CatalogSource permits SsmParameter, S3Object {}

  /**
   * @param name the full parameter name, starting with {@code /}
   */
  record SsmParameter(String name) implements Remote {
    @Override
    public String toString() {
      return "ssm:" + name;
    }
  }

  record S3Object(String bucket, String key) implements Remote {
    @Override
    public String toString() {
      return "s3://" + bucket + "/" + key;
    }
  }

  /**
   * @throws IllegalArgumentException naming the accepted shapes
   */
  static CatalogSource parse(String value) {
    Matcher m = PATTERN.matcher(value == null ? "" : value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "must be bundled, ssm:/parameter/name or s3://bucket/key (letters, digits and _.-"
              + " in names; no wildcards), got '"
              + value
              + "'");
    }
    if (m.group(1) != null) {
      return new SsmParameter(m.group(1));
    }
    if (m.group(2) != null) {
      return new S3Object(m.group(2), m.group(3));
    }
    return BUNDLED;
  }
}
