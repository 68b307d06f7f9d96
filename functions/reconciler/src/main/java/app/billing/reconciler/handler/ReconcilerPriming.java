package app.billing.reconciler.handler;

import app.billing.core.event.EventEnvelope;
import app.billing.core.event.EventEnvelopeReader;
import app.billing.core.port.EventQueue;
import app.billing.core.priming.Priming;
import app.billing.core.reconcile.ReconcilerCheckpoint;
import app.billing.dynamodb.OfflineDynamoDb;
import app.billing.priming.OfflineClients;
import app.billing.reconciler.adapter.DynamoCheckpointStore;
import app.billing.sqs.SqsEventQueue;
import com.stripe.param.EventListParams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SnapStart priming of the reconciler: the checkpoint GetItem and PutItem and the SendMessage of a
 * canned event marshalled and signed on offline clients (stopped before sending), the event's
 * envelope read, and the Events API parameters built. Stripe is not called.
 */
final class ReconcilerPriming implements Priming.Primer {
  static final String CANNED_EVENT = "priming/stripe-event.json";

  private final Optional<String> region;

  ReconcilerPriming(Optional<String> region) {
    this.region = region;
  }

  @Override
  public void prime() throws Exception {
    String payload = canned();
    EventEnvelope envelope = EventEnvelopeReader.read(payload);
    EventListParams.builder()
        .addType(envelope.type())
        .setLimit(100L)
        .setCreated(EventListParams.Created.builder().setGt(1L).build())
        .setDeliverySuccess(false)
        .build()
        .toMap();
    try (DynamoDbClient dynamo = OfflineDynamoDb.client(region);
        SqsClient sqs = OfflineClients.configure(SqsClient.builder(), region).build()) {
      DynamoCheckpointStore checkpoints =
          new DynamoCheckpointStore(dynamo, "priming", Clock.systemUTC());
      OfflineDynamoDb.stopped(checkpoints::load);
      OfflineDynamoDb.stopped(() -> checkpoints.save(new ReconcilerCheckpoint(1)));
      try {
        new SqsEventQueue(sqs, "https://sqs.us-east-1.amazonaws.com/000000000000/priming.fifo")
            .enqueue(envelope, payload);
        throw new IllegalStateException("the priming SendMessage was not stopped");
      } catch (EventQueue.QueueUnavailableException e) {
        if (!OfflineClients.isStopped(e)) {
          throw e;
        }
      }
    }
  }

  private static String canned() throws IOException {
    try (InputStream in =
        ReconcilerPriming.class.getClassLoader().getResourceAsStream(CANNED_EVENT)) {
      if (in == null) {
        throw new IOException("missing " + CANNED_EVENT);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
