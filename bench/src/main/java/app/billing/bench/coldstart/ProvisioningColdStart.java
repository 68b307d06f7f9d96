package app.billing.bench.coldstart;

import app.billing.provisioning.handler.ProvisioningHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One cold start of the provisioning function: a fresh JVM builds {@link ProvisioningHandler} with
 * its no-arg constructor (clients from the process environment: {@code BILLING_TABLE}, {@code
 * AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SESV2}, {@code STRIPE_API_BASE}, ...) and
 * applies ONE event delivered as a one-message SQS batch. Classpath: {@code
 * provisioning-function.jar} first, the bench classes after it.
 *
 * <p>Argument: the file holding the event body. Exits 1 if the message was reported as failed.
 */
public final class ProvisioningColdStart {
  private ProvisioningColdStart() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ProvisioningColdStart <event body file>");
      System.exit(2);
    }
    String body = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
    var message = new SQSEvent.SQSMessage();
    message.setMessageId("bench-" + System.nanoTime());
    message.setBody(body);
    message.setAttributes(Map.of("ApproximateReceiveCount", "1", "MessageGroupId", "bench"));
    message.setEventSource("aws:sqs");
    var event = new SQSEvent();
    event.setRecords(List.of(message));

    var response = new ProvisioningHandler().handleRequest(event, null);

    int failures =
        response.getBatchItemFailures() == null ? 0 : response.getBatchItemFailures().size();
    System.out.println("FAILURES " + failures);
    System.exit(failures == 0 ? 0 : 1);
  }
}
