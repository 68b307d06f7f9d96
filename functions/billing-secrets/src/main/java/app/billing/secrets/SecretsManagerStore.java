package app.billing.secrets;

import app.billing.core.config.SecretReferences.SecretStore;
import java.util.Objects;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Reads a secret's current version (AWSCURRENT) as text. */
public final class SecretsManagerStore implements SecretStore {
  private final SecretsManagerClient client;

  public SecretsManagerStore(SecretsManagerClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public String secretString(String arn) {
    return client.getSecretValue(b -> b.secretId(arn)).secretString();
  }
}
