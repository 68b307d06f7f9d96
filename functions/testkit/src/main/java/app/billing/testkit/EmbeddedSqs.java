package app.billing.testkit;

import com.google.gson.JsonObject;
import java.net.URI;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** In-process SQS engine (ElasticMQ) on 127.0.0.1 and a free port. */
public final class EmbeddedSqs implements AutoCloseable {
    /** URLs of a main queue and its dead-letter queue. */
    public record Queues(String queueUrl, String dlqUrl) {}

    private final SQSRestServer server;
    private final URI endpoint;
    private final SqsClient client;

    private EmbeddedSqs() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withDynamicPort()
                .withAWSRegion(LocalAws.REGION.id()) // so queue ARNs look like real us-east-1 ones
                .start();
        int port = server.waitUntilStarted().localAddress().getPort();
        endpoint = URI.create("http://127.0.0.1:" + port);
        client = LocalAws.configure(SqsClient.builder(), endpoint).build();
    }

    public static EmbeddedSqs start() {
        return new EmbeddedSqs();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A shared client for this engine; closed by {@link #close()}. */
    public SqsClient client() {
        return client;
    }

    /**
     * Creates a FIFO dead-letter queue and a FIFO queue that redrives to it after {@code maxReceiveCount}
     * receives. Both use explicit MessageDeduplicationIds (ContentBasedDeduplication=false). Names must end in ".fifo".
     */
    public Queues createFifoQueueWithDlq(String queueName, String dlqName, int maxReceiveCount,
            int visibilityTimeoutSeconds) {
        if (!queueName.endsWith(".fifo") || !dlqName.endsWith(".fifo")) {
            throw new IllegalArgumentException("FIFO queue names must end in .fifo: " + queueName + ", " + dlqName);
        }
        String dlqUrl = client.createQueue(b -> b.queueName(dlqName).attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false"))).queueUrl();
        String dlqArn = client.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);

        JsonObject redrivePolicy = new JsonObject();
        redrivePolicy.addProperty("deadLetterTargetArn", dlqArn);
        redrivePolicy.addProperty("maxReceiveCount", maxReceiveCount);
        String queueUrl = client.createQueue(b -> b.queueName(queueName).attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false",
                QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(visibilityTimeoutSeconds),
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy.toString()))).queueUrl();
        return new Queues(queueUrl, dlqUrl);
    }

    /**
     * Stops the server, waiting at most 10 s: under load Pekko's unbinding can take longer than
     * ElasticMQ's own one-minute wait, and a test or the local stack should not fail while shutting down.
     */
    @Override
    public void close() {
        client.close();
        try {
            scala.concurrent.Await.ready(server.stopAndGetFuture().apply(),
                    scala.concurrent.duration.FiniteDuration.apply(10, java.util.concurrent.TimeUnit.SECONDS));
        } catch (Exception slowToStop) {
            if (slowToStop instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            System.getLogger(EmbeddedSqs.class.getName()).log(System.Logger.Level.WARNING,
                    "ElasticMQ did not stop within 10 s; leaving it to JVM exit ({0})", slowToStop.toString());
        }
    }
}
