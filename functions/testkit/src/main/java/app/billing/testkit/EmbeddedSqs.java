package app.billing.testkit;

import com.google.gson.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.msg.CreateQueue;
import org.elasticmq.msg.RestoreMessages;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * In-process SQS engine (ElasticMQ) on 127.0.0.1 and a free port: in memory ({@link #start()}) or
 * keeping its queues and messages on disk across crashes and restarts ({@link
 * #startDurable(Path)}).
 */
public final class EmbeddedSqs implements AutoCloseable {
  /** URLs of a main queue and its dead-letter queue. */
  public record Queues(String queueUrl, String dlqUrl) {}

  private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(30);

  private final SQSRestServer server;
  private final URI endpoint;
  private final SqsClient client;
  private final ActorSystem actorSystem;
  private final DurableQueueStore store;
  private final int restoredMessages;

  private EmbeddedSqs(
      ActorSystem actorSystem,
      ActorRef queueManager,
      DurableQueueStore store,
      int restoredMessages) {
    this.actorSystem = actorSystem;
    this.store = store;
    this.restoredMessages = restoredMessages;
    var builder =
        SQSRestServerBuilder.withInterface("127.0.0.1")
            .withDynamicPort()
            .withAWSRegion(LocalAws.REGION.id()); // so queue ARNs look like real us-east-1 ones
    if (actorSystem != null) {
      builder = builder.withActorSystem(actorSystem).withQueueManagerActor(queueManager);
    }
    server = builder.start();
    int port = server.waitUntilStarted().localAddress().getPort();
    endpoint = URI.create("http://127.0.0.1:" + port);
    client = LocalAws.configure(SqsClient.builder(), endpoint).build();
  }

  /** An engine in memory: everything is gone when it stops. */
  public static EmbeddedSqs start() {
    return new EmbeddedSqs(null, null, null, 0);
  }

  /**
   * An engine whose queues and messages (waiting, in flight with their receive counts,
   * dead-lettered) are kept in {@code dir} (an H2 file) and restored before it answers: every send,
   * receive and delete is on disk before ElasticMQ answers it, so a process killed at any point
   * loses nothing it acknowledged. One engine per dir.
   */
  public static EmbeddedSqs startDurable(Path dir) {
    DurableQueueStore store = DurableQueueStore.open(dir);
    // Not stopped by a JVM shutdown hook of its own: its owner stops it after the last batch is
    // written.
    ActorSystem system =
        ActorSystem.create(
            "elasticmq",
            com.typesafe.config.ConfigFactory.parseString(
                    "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off")
                .withFallback(com.typesafe.config.ConfigFactory.load()));
    try {
      ActorRef listener = system.actorOf(QueueStoreListener.props(store), "queue-store");
      ActorRef manager =
          system.actorOf(
              Props.create(
                  QueueManagerActor.class,
                  () ->
                      new QueueManagerActor(
                          new NowProvider(),
                          StrictSQSLimits$.MODULE$,
                          scala.Option.apply(listener))),
              "queue-manager");
      int restored = 0;
      for (DurableQueueStore.StoredQueue queue : store.load()) {
        Object created = ask(manager, new CreateQueue(queue.metadata().toCreateQueueData()));
        if (!(created instanceof scala.util.Right<?, ?> right)
            || !(right.value() instanceof ActorRef queueActor)) {
          throw new IllegalStateException(
              "cannot restore queue " + queue.metadata().name() + ": " + created);
        }
        ask(
            queueActor,
            new RestoreMessages(
                scala.jdk.javaapi.CollectionConverters.asScala(queue.messages()).toList()));
        restored += queue.messages().size();
      }
      return new EmbeddedSqs(system, manager, store, restored);
    } catch (SQLException | RuntimeException e) {
      system.terminate();
      store.close();
      throw new IllegalStateException(
          "cannot restore the queues kept in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Object ask(ActorRef actor, Object message) {
    try {
      return Patterns.ask(actor, message, RESTORE_TIMEOUT)
          .toCompletableFuture()
          .get(RESTORE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many messages (of every queue) a durable engine restored at start. */
  public int restoredMessages() {
    return restoredMessages;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** A shared client for this engine; closed by {@link #close()}. */
  public SqsClient client() {
    return client;
  }

  /**
   * Creates a FIFO dead-letter queue and a FIFO queue that redrives to it after {@code
   * maxReceiveCount} receives. Both use explicit MessageDeduplicationIds
   * (ContentBasedDeduplication=false). Names must end in ".fifo".
   */
  public Queues createFifoQueueWithDlq(
      String queueName, String dlqName, int maxReceiveCount, int visibilityTimeoutSeconds) {
    if (!queueName.endsWith(".fifo") || !dlqName.endsWith(".fifo")) {
      throw new IllegalArgumentException(
          "FIFO queue names must end in .fifo: " + queueName + ", " + dlqName);
    }
    String dlqUrl =
        createOrUpdate(
            dlqName,
            Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false"));
    String dlqArn =
        client
            .getQueueAttributes(
                b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);

    JsonObject redrivePolicy = new JsonObject();
    redrivePolicy.addProperty("deadLetterTargetArn", dlqArn);
    redrivePolicy.addProperty("maxReceiveCount", maxReceiveCount);
    String queueUrl =
        createOrUpdate(
            queueName,
            Map.of(
                QueueAttributeName.FIFO_QUEUE,
                "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
                "false",
                QueueAttributeName.VISIBILITY_TIMEOUT,
                String.valueOf(visibilityTimeoutSeconds),
                QueueAttributeName.REDRIVE_POLICY,
                redrivePolicy.toString()));
    return new Queues(queueUrl, dlqUrl);
  }

  /**
   * A queue restored from disk keeps its messages; settings changed since (visibility) are applied
   * to it.
   */
  private String createOrUpdate(String name, Map<QueueAttributeName, String> attributes) {
    try {
      return client.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    } catch (QueueNameExistsException differentSettings) {
      String url = client.getQueueUrl(b -> b.queueName(name)).queueUrl();
      Map<QueueAttributeName, String> changeable = new java.util.HashMap<>(attributes);
      changeable.remove(QueueAttributeName.FIFO_QUEUE);
      changeable.remove(QueueAttributeName.CONTENT_BASED_DEDUPLICATION);
      client.setQueueAttributes(b -> b.queueUrl(url).attributes(changeable));
      return url;
    }
  }

  /**
   * Stops the server, waiting at most 10 s: under load Pekko's unbinding can take longer than
   * ElasticMQ's own one-minute wait, and a test or the local stack should not fail while shutting
   * down.
   */
  @Override
  public void close() {
    client.close();
    try {
      scala.concurrent.Await.ready(
          server.stopAndGetFuture().apply(),
          scala.concurrent.duration.FiniteDuration.apply(
              10, java.util.concurrent.TimeUnit.SECONDS));
      if (actorSystem != null) {
        // A provided actor system is not stopped with the server; the store closes after its last
        // write.
        scala.concurrent.Await.ready(
            actorSystem.terminate(),
            scala.concurrent.duration.FiniteDuration.apply(
                10, java.util.concurrent.TimeUnit.SECONDS));
      }
    } catch (Exception slowToStop) {
      if (slowToStop instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      System.getLogger(EmbeddedSqs.class.getName())
          .log(
              System.Logger.Level.WARNING,
              "ElasticMQ did not stop within 10 s; leaving it to JVM exit ({0})",
              slowToStop.toString());
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }
}
