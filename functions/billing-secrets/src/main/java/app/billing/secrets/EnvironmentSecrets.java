package app.billing.secrets;

import app.billing.core.config.ConfigException;
import app.billing.core.config.SecretReferences;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * What every function's {@code XWiring.fromEnvironment} runs around reading its configuration:
 * {@code EnvironmentSecrets.resolveThenRead(env, resolved ->
 * build(XConfig.fromEnvironment(resolved), ...))} (one error naming every problem, secrets
 * included). Every {@code NAME_ARN} variable that holds a Secrets Manager ARN becomes {@code NAME}
 * with the secret's value (see {@link SecretReferences}). Without such variables (local runs,
 * tests) nothing is fetched and no client is built.
 *
 * <p>Secrets are read once, at init; with SnapStart that is when a version is published, so the
 * values live in the (encrypted) snapshot. A rotated secret reaches the functions with the next
 * deploy (a new version); the webhook accepts two signing secrets at once to make that painless.
 * The client is closed right after, so no connection is carried into the snapshot.
 */
public final class EnvironmentSecrets {
  /**
   * The SDK's own name for a Secrets Manager endpoint override; also honoured from the given map.
   */
  public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_SECRETS_MANAGER";

  private static final Logger log = LoggerFactory.getLogger(EnvironmentSecrets.class);

  private EnvironmentSecrets() {}

  /**
   * @throws app.billing.core.config.ConfigException naming the variables whose secret could not be
   *     read
   */
  public static Map<String, String> resolve(Map<String, String> env) {
    Map<String, String> references = SecretReferences.references(env);
    if (references.isEmpty()) {
      return env;
    }
    SecretsManagerClient built;
    try {
      built = client(env);
    } catch (RuntimeException e) {
      // E.g. no region or a malformed endpoint: name the variables that needed the client.
      throw new ConfigException(
          references.keySet().stream()
              .map(
                  name ->
                      name
                          + SecretReferences.SUFFIX
                          + ": no Secrets Manager client to read "
                          + references.get(name)
                          + " ("
                          + SecretsManagerStore.cause(e)
                          + ")")
              .toList());
    }
    try (SecretsManagerClient client = built) {
      Map<String, String> resolved = SecretReferences.resolve(env, new SecretsManagerStore(client));
      log.info("read secrets for {}", references.keySet());
      return resolved;
    }
  }

  /**
   * What a function's init runs: {@link #resolve} the secrets, then {@code read} the configuration
   * (and build the service), with one {@link ConfigException} naming every problem of both steps.
   */
  public static <T> T resolveThenRead(
      Map<String, String> env, Function<Map<String, String>, T> read) {
    return SecretReferences.resolveThenRead(env, EnvironmentSecrets::resolve, read);
  }

  /**
   * url-connection HTTP client, short timeouts; region and endpoint from {@code env} when set
   * there.
   */
  static SecretsManagerClient client(Map<String, String> env) {
    SecretsManagerClientBuilder builder =
        SecretsManagerClient.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(5)))
            .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(10)));
    String region = env.get("AWS_REGION");
    if (region != null && !region.isBlank()) {
      builder.region(Region.of(region.trim()));
    }
    String endpoint = env.get(ENDPOINT_VARIABLE);
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint.trim()));
    }
    return builder.build();
  }
}
