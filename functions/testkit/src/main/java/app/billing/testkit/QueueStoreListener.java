package app.billing.testkit;

import java.sql.SQLException;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.Status;
import org.elasticmq.actor.queue.OperationSuccessful$;
import org.elasticmq.actor.queue.QueueEvent;

/**
 * ElasticMQ's queue event listener: queue actors ask it on every message change and answer their
 * client only after its reply, so a reply here means "on disk". A failed write answers with a
 * failure: the client gets no success (the webhook answers 5xx, Stripe retries).
 */
final class QueueStoreListener extends AbstractActor {
  private final DurableQueueStore store;

  /** Props of the listener writing to {@code store}. */
  static Props props(DurableQueueStore store) {
    return Props.create(QueueStoreListener.class, () -> new QueueStoreListener(store));
  }

  QueueStoreListener(DurableQueueStore store) {
    this.store = store;
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder()
        .match(
            QueueEvent.MessageAdded.class,
            e -> reply(() -> store.addMessage(e.queueName(), e.message())))
        .match(
            QueueEvent.MessageUpdated.class,
            e -> reply(() -> store.updateMessage(e.queueName(), e.message())))
        .match(
            QueueEvent.MessageRemoved.class,
            e -> reply(() -> store.removeMessage(e.queueName(), e.messageId())))
        .match(QueueEvent.QueueCreated.class, e -> store.saveQueue(e.queue()))
        .match(QueueEvent.QueueMetadataUpdated.class, e -> store.saveQueue(e.queue()))
        .match(QueueEvent.QueueDeleted.class, e -> store.deleteQueue(e.queueName()))
        .build();
  }

  private interface Write {
    void run() throws SQLException;
  }

  private void reply(Write write) {
    try {
      write.run();
      getSender().tell(OperationSuccessful$.MODULE$, getSelf());
    } catch (SQLException | RuntimeException e) {
      System.getLogger(DurableQueueStore.class.getName())
          .log(System.Logger.Level.ERROR, "queue store write failed: {0}", e.toString());
      getSender().tell(new Status.Failure(e), getSelf());
    }
  }
}
