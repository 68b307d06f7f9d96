package app.billing.core.catalog;

/**
 * Reads the catalog document a remote {@link CatalogSource} names, as text. The adapter module
 * {@code billing-catalog} supplies SSM and S3; billing-core holds no AWS types.
 */
@FunctionalInterface
public interface CatalogDocuments {
  /**
   * @throws CatalogReadException naming the cause (e.g. {@code ParameterNotFound, HTTP 400})
   */
  String read(CatalogSource.Remote source);

  /** A document that could not be read; the message names the cause, safe to log. */
  final class CatalogReadException extends RuntimeException {
    public CatalogReadException(String cause, Throwable source) {
      super(cause, source);
    }
  }
}
