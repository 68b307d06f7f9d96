package app.billing.secrets;

import app.billing.core.config.SecretReferences.SecretReadException;
import app.billing.core.config.SecretReferences.SecretStore;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Reads a secret's current version (AWSCURRENT) as text. */
public final class SecretsManagerStore implements SecretStore {
  /** Keeps one cause short enough that the init error naming every problem stays readable. */
  private static final int MAX_CAUSE_CHARS = 300;

  private final SecretsManagerClient client;

  public SecretsManagerStore(SecretsManagerClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public String secretString(String arn) {
    try {
      return client.getSecretValue(b -> b.secretId(arn)).secretString();
    } catch (SdkException e) {
      throw new SecretReadException(cause(e), e);
    }
  }

  /**
   * The cause as an operator needs it: the service's error code and HTTP status (e.g. {@code
   * AccessDeniedException, HTTP 400}), or the SDK's own first line (no credentials, no region,
   * endpoint unreachable). A failed read holds no secret value to leak.
   */
  static String cause(RuntimeException e) {
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
