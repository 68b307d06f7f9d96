package app.billing.catalog;

import app.billing.core.catalog.CatalogDocuments;
import app.billing.core.catalog.CatalogLoader;
import app.billing.core.catalog.CatalogSource;
import app.billing.core.catalog.CatalogSource.S3Object;
import app.billing.core.catalog.CatalogSource.SsmParameter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Reads the catalog document of an SSM parameter ({@code GetParameter} with decryption, so a
 * SecureString works too) or an S3 object ({@code GetObject}). What a function's init runs before
 * reading its configuration: {@link #resolveThenRead}.
 *
 * <p>One request, signed and sent by {@link SignedCall} with the SDK's signer, credentials chain,
 * region metadata and url-connection client, not through the SSM and S3 service clients (see
 * bench/README.md for the jar sizes). Nothing is retried: a failed read fails the init, and Lambda
 * runs the init again. No connection is kept, so none is carried into a SnapStart snapshot; with
 * the bundled catalog nothing is called. A changed document reaches the functions with the next
 * deploy (a new version), like a secret.
 */
public final class RemoteCatalog implements CatalogDocuments {
  /**
   * The SDK's own names for endpoint overrides, honoured as its clients do: the system property
   * ({@code aws.endpointUrlSsm}, {@code aws.endpointUrlS3}) first, then the variable.
   */
  public static final String SSM_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_SSM";

  public static final String S3_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_S3";

  private static final Map<String, String> ENDPOINT_PROPERTIES =
      Map.of(
          SSM_ENDPOINT_VARIABLE, "aws.endpointUrlSsm", S3_ENDPOINT_VARIABLE, "aws.endpointUrlS3");

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
    String document;
    try {
      Region region = region();
      AwsCredentialsIdentity credentials;
      try (DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build()) {
        credentials = provider.resolveCredentials();
      }
      document =
          switch (source) {
            case SsmParameter parameter -> parameter(parameter.name(), region, credentials);
            case S3Object object -> object(object, region, credentials);
          };
    } catch (IOException | RuntimeException e) {
      if (e instanceof CatalogReadException read) {
        throw read;
      }
      throw new CatalogReadException(cause(e), e);
    }
    log.info("read the plan catalog from {}", source);
    return document;
  }

  /** SSM's JSON 1.1 protocol: a POST naming the operation in {@code X-Amz-Target}. */
  private String parameter(String name, Region region, AwsCredentialsIdentity credentials)
      throws IOException {
    URI endpoint =
        endpoint(SSM_ENDPOINT_VARIABLE)
            .orElseGet(() -> https(ServiceMetadata.of("ssm").endpointFor(region)));
    byte[] body;
    try (JsonWriter json = JsonWriter.create()) {
      json.writeStartObject()
          .writeFieldName("Name")
          .writeValue(name)
          .writeFieldName("WithDecryption")
          .writeValue(true)
          .writeEndObject();
      body = json.getBytes();
    }
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint)
            .encodedPath("/")
            .putHeader("Content-Type", "application/x-amz-json-1.1")
            .putHeader("X-Amz-Target", "AmazonSSM.GetParameter")
            .build();
    SignedCall.Reply reply =
        SignedCall.send(request, Optional.of(body), "ssm", region.id(), credentials, false);
    if (!reply.ok()) {
      throw new CatalogReadException(errorCause(jsonType(reply.body()), reply.status()), null);
    }
    return JsonNodeParser.create()
        .parse(reply.body())
        .field("Parameter")
        .flatMap(p -> field(p, "Value"))
        .orElseThrow(() -> new CatalogReadException("no Parameter.Value in the answer", null));
  }

  /** S3's REST API: a GET of the object, virtual-hosted unless the bucket name has dots. */
  private String object(S3Object object, Region region, AwsCredentialsIdentity credentials)
      throws IOException {
    String key = "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(object.key());
    Optional<URI> override = endpoint(S3_ENDPOINT_VARIABLE);
    URI host = https(ServiceMetadata.of("s3").endpointFor(region));
    // A local S3 stand-in answers on one host, and a dotted name breaks the TLS host match.
    boolean pathStyle = override.isPresent() || object.bucket().contains(".");
    URI endpoint =
        override.orElseGet(
            () ->
                pathStyle ? host : URI.create("https://" + object.bucket() + "." + host.getHost()));
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(endpoint)
            .encodedPath(pathStyle ? "/" + object.bucket() + key : key)
            .build();
    SignedCall.Reply reply =
        SignedCall.send(request, Optional.empty(), "s3", region.id(), credentials, true);
    if (!reply.ok()) {
      throw new CatalogReadException(errorCause(xmlCode(reply.body()), reply.status()), null);
    }
    return new String(reply.body(), StandardCharsets.UTF_8);
  }

  private Region region() {
    return value("AWS_REGION")
        .map(Region::of)
        .orElseGet(() -> DefaultAwsRegionProviderChain.builder().build().getRegion());
  }

  private Optional<URI> endpoint(String variable) {
    String property = System.getProperty(ENDPOINT_PROPERTIES.get(variable));
    return (property == null || property.isBlank() ? value(variable) : Optional.of(property.trim()))
        .map(URI::create);
  }

  private static URI https(URI hostOnly) {
    return URI.create("https://" + hostOnly);
  }

  private Optional<String> value(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static Optional<String> field(JsonNode node, String name) {
    return node.isObject()
        ? node.field(name).filter(JsonNode::isString).map(JsonNode::asString)
        : Optional.empty();
  }

  /** SSM's error name ({@code __type}, sometimes behind a namespace and '#'); empty if none. */
  static String jsonType(byte[] body) {
    try {
      String type = field(JsonNodeParser.create().parse(body), "__type").orElse("");
      return type.substring(type.indexOf('#') + 1);
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** S3's {@code <Error><Code>}, empty when the body is not such a document. */
  static String xmlCode(byte[] body) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      NodeList codes =
          factory
              .newDocumentBuilder()
              .parse(new ByteArrayInputStream(body))
              .getElementsByTagName("Code");
      return codes.getLength() == 0 ? "" : codes.item(0).getTextContent().strip();
    } catch (Exception e) {
      return "";
    }
  }

  /** E.g. {@code ParameterNotFound, HTTP 400}; {@code HTTP 403} without a code. */
  static String errorCause(String code, int status) {
    return code.isBlank() ? "HTTP " + status : code + ", HTTP " + status;
  }

  /**
   * The exception's type and its message's first line (no credentials, no region, endpoint
   * unreachable, an answer that is not JSON).
   */
  static String cause(Exception e) {
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
