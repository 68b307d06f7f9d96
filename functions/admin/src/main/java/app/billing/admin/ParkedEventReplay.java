package app.billing.admin;

import app.billing.core.error.UpstreamException;
import app.billing.core.event.EventEnvelope;
import app.billing.core.event.EventEnvelopeReader;
import app.billing.core.event.NotAStripeEventException;
import app.billing.core.model.ParkedEvent;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Puts parked events back on the FIFO event queue, oldest first, as the webhook enqueues them
 * (group = customer, so they are applied in order with that customer's live events; same
 * attributes). The deduplication id is {@code <event id>:replay}: SQS dropped a second send of the
 * plain event id for five minutes after the webhook's, and a replay must get through even right
 * after an event parked. Provisioning then finds the customer linked, applies the event, replays
 * whatever else is parked and removes it from parking; a replay applied twice changes nothing
 * (versioned writes, email guards).
 */
final class ParkedEventReplay {
  private final SqsClient sqs;
  private final String queueUrl;

  ParkedEventReplay(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  void replay(List<ParkedEvent> parked) {
    for (ParkedEvent event : parked) {
      EventEnvelope envelope;
      try {
        envelope = EventEnvelopeReader.read(event.payload());
      } catch (NotAStripeEventException e) {
        throw new IllegalStateException(
            "parked event " + event.eventId() + " is not a Stripe event: " + e.getMessage());
      }
      try {
        sqs.sendMessage(
            b ->
                b.queueUrl(queueUrl)
                    .messageGroupId(envelope.orderingKey())
                    .messageDeduplicationId(event.eventId() + ":replay")
                    .messageBody(event.payload())
                    .messageAttributes(
                        Map.of(
                            "eventType", attribute(envelope.type()),
                            "eventId", attribute(envelope.id()))));
      } catch (SdkException e) {
        throw new UpstreamException(
            "queue_unavailable",
            "SendMessage of parked event "
                + event.eventId()
                + " to the event queue failed ("
                + e.getMessage()
                + "); the customer is linked and backfilled: run"
                + " link-customer again to replay the rest.");
      }
    }
  }

  private static MessageAttributeValue attribute(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
