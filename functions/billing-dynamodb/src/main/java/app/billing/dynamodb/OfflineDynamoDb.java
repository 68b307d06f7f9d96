package app.billing.dynamodb;

import app.billing.priming.OfflineClients;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * For SnapStart priming: a DynamoDbClient shaped like production's whose requests are marshalled
 * and signed, then stopped before they are sent ({@link OfflineClients}).
 */
public final class OfflineDynamoDb {
  private OfflineDynamoDb() {}

  public static DynamoDbClient client(Optional<String> region) {
    return OfflineClients.configure(DynamoDbClient.builder(), region).build();
  }

  /** Runs a call on an offline client; it must end stopped, never sent. */
  public static void stopped(Runnable call) {
    OfflineClients.stopped(call);
  }
}
