package app.billing.local;

import app.billing.local.http.Exchanges;
import app.billing.local.http.LocalPage;
import app.billing.local.stripe.LocalStripe;
import app.billing.testkit.EmbeddedSqs;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code GET /_local/health}, {@code /_local/queues} (the event queue's and the DLQ's depth) and
 * {@code /_local/events} (the stand-in's webhook deliveries; empty with Stripe test mode).
 */
final class StackStatusPage implements LocalPage {
  private final SqsClient sqs;
  private final EmbeddedSqs.Queues queues;
  private final LocalStripe stripe;

  /**
   * @param stripe null with Stripe test mode
   */
  StackStatusPage(SqsClient sqs, EmbeddedSqs.Queues queues, LocalStripe stripe) {
    this.sqs = sqs;
    this.queues = queues;
    this.stripe = stripe;
  }

  @Override
  public boolean handle(HttpExchange exchange, String method, String path) throws IOException {
    if (!method.equals("GET")) {
      return false;
    }
    switch (path) {
      case "/_local/health" -> Exchanges.json(exchange, 200, "{\"status\":\"ok\"}");
      case "/_local/queues" -> {
        JsonObject depth = new JsonObject();
        depth.add(LocalStack.QUEUE_NAME, queueDepth(queues.queueUrl()));
        depth.add(LocalStack.DLQ_NAME, queueDepth(queues.dlqUrl()));
        Exchanges.json(exchange, 200, depth.toString());
      }
      case "/_local/events" ->
          Exchanges.json(
              exchange, 200, stripe == null ? "[]" : stripe.webhooks().deliveriesJson().toString());
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code {"visible": n, "in_flight": n}}: messages waiting and messages being processed (or
   * waiting to be retried).
   */
  private JsonObject queueDepth(String queueUrl) {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    JsonObject depth = new JsonObject();
    depth.addProperty(
        "visible",
        Integer.parseInt(
            attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")));
    depth.addProperty(
        "in_flight",
        Integer.parseInt(
            attributes.getOrDefault(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")));
    return depth;
  }
}
