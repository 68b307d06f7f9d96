package app.billing.catalog;

import app.billing.core.catalog.CatalogDocuments;
import app.billing.core.catalog.CatalogLoader;
import app.billing.core.catalog.CatalogSource;
import app.billing.core.catalog.CatalogSource.S3Object;
import app.billing.core.catalog.CatalogSource.SsmParameter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

/**
 * Reads the catalog document of an SSM parameter ({@code GetParameter} with decryption, so a
 * SecureString works too) or an S3 object ({@code GetObject}). What a function's init runs before
 * reading its configuration: {@link #resolveThenRead}.
 *
 * <p>A client is built only for the kind of source named, used for one call and closed, so no
 * connection is carried into a SnapStart snapshot; with the bundled catalog nothing is built. A
 * changed document reaches the functions with the next deploy (a new version), like a secret.
 */
public final class RemoteCatalog implements CatalogDocuments {
  /** The SDK's own names for endpoint overrides; also honoured from the given map. */
  public static final String SSM_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_SSM";

  public static final String S3_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_S3";

  /** Keeps one cause short enough that the init error naming every problem stays readable. */
  private static final int MAX_CAUSE_CHARS = 300;

  private static final Logger log = LoggerFactory.getLogger(RemoteCatalog.class);

  private final Map<String, String> env;

  /**
   * @param env region ({@code AWS_REGION}) and endpoint overrides, when set there
   */
  public RemoteCatalog(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  /**
   * {@code env} with {@code PLAN_CATALOG} read from the source {@code PLAN_CATALOG_SOURCE} names.
   *
   * @throws app.billing.core.config.ConfigException when it cannot be read (see {@link
   *     CatalogLoader#resolve})
   */
  public static Map<String, String> resolve(Map<String, String> env) {
    return CatalogLoader.resolve(env, new RemoteCatalog(env));
  }

  /**
   * {@link #resolve}, then {@code read} the configuration: what a function's init runs, e.g. {@code
   * RemoteCatalog.resolveThenRead(env, XConfig::fromEnvironment)}; one {@link
   * app.billing.core.config.ConfigException} names every problem of both.
   */
  public static <T> T resolveThenRead(
      Map<String, String> env, Function<Map<String, String>, T> read) {
    return CatalogLoader.resolveThenRead(env, new RemoteCatalog(env), read);
  }

  @Override
  public String read(CatalogSource.Remote source) {
    try {
      String document =
          switch (source) {
            case SsmParameter parameter -> {
              try (SsmClient ssm = ssm()) {
                yield ssm.getParameter(b -> b.name(parameter.name()).withDecryption(true))
                    .parameter()
                    .value();
              }
            }
            case S3Object object -> {
              try (S3Client s3 = s3()) {
                yield s3.getObjectAsBytes(b -> b.bucket(object.bucket()).key(object.key()))
                    .asUtf8String();
              }
            }
          };
      log.info("read the plan catalog from {}", source);
      return document;
    } catch (SdkException e) {
      throw new CatalogReadException(cause(e), e);
    }
  }

  private SsmClient ssm() {
    SsmClientBuilder builder =
        SsmClient.builder()
            .httpClientBuilder(httpClient())
            .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(10)));
    region().ifPresent(builder::region);
    endpoint(SSM_ENDPOINT_VARIABLE).ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private S3Client s3() {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(httpClient())
            .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(10)));
    region().ifPresent(builder::region);
    // A local S3 stand-in answers on one host: bucket in the path, not in the host name.
    endpoint(S3_ENDPOINT_VARIABLE)
        .ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
    return builder.build();
  }

  private static UrlConnectionHttpClient.Builder httpClient() {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(2))
        .socketTimeout(Duration.ofSeconds(5));
  }

  private Optional<Region> region() {
    return value("AWS_REGION").map(Region::of);
  }

  private Optional<URI> endpoint(String variable) {
    return value(variable).map(URI::create);
  }

  private Optional<String> value(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /**
   * The service's error code and HTTP status (e.g. {@code ParameterNotFound, HTTP 400}), or the
   * SDK's own first line (no credentials, no region, endpoint unreachable).
   */
  static String cause(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode() + ", HTTP " + service.statusCode();
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String firstLine = message.strip().lines().findFirst().orElse("");
    if (firstLine.length() > MAX_CAUSE_CHARS) {
      firstLine = firstLine.substring(0, MAX_CAUSE_CHARS) + "...";
    }
    return e.getClass().getSimpleName() + ": " + firstLine;
  }
}
