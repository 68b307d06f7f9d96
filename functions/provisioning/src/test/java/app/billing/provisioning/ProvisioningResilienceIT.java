package app.billing.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.provisioning.StoryEvents.StoryEvent;
import app.billing.testkit.EmbeddedSqs;
import app.billing.testkit.SesStandIn.SentEmail;
import app.billing.testkit.story.Story;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** Failures inside a batch: reported per message, nothing lost, nothing applied twice. */
class ProvisioningResilienceIT extends PipelineTestSupport {
  @Test
  void anUnreadableMessageIsRecordedAsFailedNotDeadLetteredAndTheRestOfItsBatchIsProcessed() {
    Pipeline.Wired wired = pipeline.wire();
    EmbeddedSqs.Queues queues =
        pipeline.sqs.createFifoQueueWithDlq("poison.fifo", "poison-dlq.fifo", 3, 1);
    List<StoryEvent> story =
        StoryEvents.events(
            Story.between(Story.TRIAL_CHECKOUT_COMPLETED, Story.STARTER_ENTITLEMENTS_GRANTED));
    pipeline.send(queues.queueUrl(), story.get(0), story.get(0).id());
    pipeline
        .sqs
        .client()
        .sendMessage(
            r ->
                r.queueUrl(queues.queueUrl())
                    .messageBody("{\"not\": \"an event\"}")
                    .messageGroupId("poison-group")
                    .messageDeduplicationId("poison-1"));
    for (StoryEvent event : story.subList(1, story.size())) {
      pipeline.send(queues.queueUrl(), event, event.id());
    }

    pipeline.drain(wired, queues.queueUrl());

    assertThat(
            pipeline
                .sqs
                .client()
                .receiveMessage(r -> r.queueUrl(queues.dlqUrl()).maxNumberOfMessages(10))
                .messages())
        .isEmpty();
    assertThat(wired.store().failedEvents())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.eventId()).startsWith("unreadable-");
              assertThat(f.reason()).isEqualTo("unreadable_payload");
              assertThat(f.payload()).isEqualTo("{\"not\": \"an event\"}");
            });
    assertThat(wired.store().subscription(Story.TENANT))
        .get()
        .extracting(s -> s.status())
        .isEqualTo("trialing");
    assertThat(wired.store().payments(Story.TENANT)).hasSize(1);
    assertThat(pipeline.ses.sentEmails())
        .extracting(SentEmail::subject)
        .containsExactly("Welcome to Acme Starter");
  }

  @Test
  void aMessageFailingTransientlyEveryTimeEndsInTheDlqAndOtherCustomersGoOn() {
    Pipeline.Wired wired = pipeline.wire();
    EmbeddedSqs.Queues queues =
        pipeline.sqs.createFifoQueueWithDlq("transient.fifo", "transient-dlq.fifo", 2, 1);
    // Another customer's purchase whose line items Stripe cannot serve (500, every time).
    wired.store().link("cus_Transient01", "tn_transient", java.time.Instant.now());
    StoryEvent stuck =
        StoryEvents.variant(
            StoryEvents.event(Story.CREDITS_PURCHASED),
            "evt_Transient01",
            json -> {
              StoryEvents.dataObject(json).addProperty("id", "cs_test_Transient01");
              StoryEvents.dataObject(json).addProperty("customer", "cus_Transient01");
            });
    pipeline.stripe.stubStatus(
        "GET",
        "/v1/checkout/sessions/cs_test_Transient01/line_items",
        500,
        "{\"error\": {\"type\": \"api_error\", \"message\": \"Something went wrong\"}}");
    pipeline
        .sqs
        .client()
        .sendMessage(
            r ->
                r.queueUrl(queues.queueUrl())
                    .messageBody(stuck.payload())
                    .messageGroupId("cus_Transient01")
                    .messageDeduplicationId(stuck.id()));
    List<StoryEvent> story =
        StoryEvents.events(
            Story.between(Story.TRIAL_CHECKOUT_COMPLETED, Story.STARTER_ENTITLEMENTS_GRANTED));
    for (StoryEvent event : story) {
      pipeline.send(queues.queueUrl(), event, event.id());
    }

    pipeline.drain(wired, queues.queueUrl());

    List<Message> dead =
        pipeline
            .sqs
            .client()
            .receiveMessage(r -> r.queueUrl(queues.dlqUrl()).maxNumberOfMessages(10))
            .messages();
    assertThat(dead).extracting(Message::body).containsExactly(stuck.payload());
    assertThat(wired.store().failedEvents()).isEmpty();
    assertThat(wired.store().payments(Story.TENANT)).hasSize(1);
    assertThat(wired.store().subscription(Story.TENANT)).isPresent();
  }

  @Test
  void aTransientFailureReportsTheMessageAndEveryLaterOneOfItsGroup() {
    Pipeline.Wired wired = pipeline.wire();
    List<StoryEvent> story =
        StoryEvents.events(
            Story.between(Story.TRIAL_CHECKOUT_COMPLETED, Story.STARTER_ENTITLEMENTS_GRANTED));
    StoryEvent poisoned = new StoryEvent("evt_poison", "x", 0, "{]");
    // SES keeps failing (more than the SDK's retries): the welcome for the trial's start fails
    // transiently.
    pipeline.ses.failNext(20, 500, "InternalFailure");
    SQSBatchResponse response =
        wired.deliver(List.of(story.get(0), story.get(1), poisoned, story.get(2), story.get(3)));
    assertThat(response.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly(
            "msg-" + story.get(1).id() + "-1",
            "msg-evt_poison-2",
            "msg-" + story.get(2).id() + "-3",
            "msg-" + story.get(3).id() + "-4");
  }

  @Test
  void aPermanentFailureHoldsBackNothingOfItsGroup() {
    Pipeline.Wired wired = pipeline.wire();
    List<StoryEvent> story =
        StoryEvents.events(
            Story.between(Story.TRIAL_CHECKOUT_COMPLETED, Story.STARTER_ENTITLEMENTS_GRANTED));
    StoryEvent poisoned = new StoryEvent("evt_poison", "x", 0, "{]");
    SQSBatchResponse response =
        wired.deliver(List.of(story.get(0), poisoned, story.get(1), story.get(2), story.get(3)));
    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(wired.store().failedEvents()).hasSize(1);
    assertThat(wired.store().subscription(Story.TENANT)).isPresent();
    assertThat(wired.store().payments(Story.TENANT)).hasSize(1);
  }

  @Test
  void dynamoDbFailingMidBatchLosesNothingAndRedeliveryAppliesOnce() throws Exception {
    // From the 6th PutItem on, 4 calls fail (more than the SDK's own retries): mid-batch, after
    // some
    // events were fully applied.
    FaultInjection fault = new FaultInjection("PutItem", 6, 4);
    Pipeline.Wired wired = pipeline.wire(fault);
    EmbeddedSqs.Queues queues =
        pipeline.sqs.createFifoQueueWithDlq("dynamo-down.fifo", "dynamo-down-dlq.fifo", 5, 1);
    for (StoryEvent event : StoryEvents.handled()) {
      pipeline.send(queues.queueUrl(), event, event.id());
    }

    pipeline.drain(wired, queues.queueUrl());

    assertThat(fault.failed()).isEqualTo(4);
    List<String> sent = pipeline.ses.sentEmails().stream().map(SentEmail::subject).toList();
    Pipeline.Wired reference = pipeline.wire();
    reference.deliver(StoryEvents.handled());
    assertThat(ProvisioningPipelineIT.Snapshot.of(wired.store()))
        .isEqualTo(ProvisioningPipelineIT.Snapshot.of(reference.store()));
    assertThat(sent).containsExactlyElementsOf(ProvisioningPipelineIT.STORY_EMAILS);
    assertThat(pipeline.sqs.client().receiveMessage(r -> r.queueUrl(queues.dlqUrl())).messages())
        .isEmpty();
  }

  @Test
  void sesThrottlingFailsTheMessageAndTheRetrySendsTheEmailOnce() {
    Pipeline.Wired wired = pipeline.wire();
    List<StoryEvent> firstTwo =
        StoryEvents.events(List.of(Story.TRIAL_CHECKOUT_COMPLETED, Story.TRIAL_STARTED));
    // More throttles than the SDK's own retries absorb: the message must fail and come back.
    pipeline.ses.failNext(10, 429, "TooManyRequestsException");
    SQSBatchResponse first = wired.deliver(firstTwo);
    assertThat(first.getBatchItemFailures()).hasSize(1);
    assertThat(pipeline.ses.sentEmails()).isEmpty();

    pipeline.ses.reset();
    assertThat(wired.deliver(firstTwo).getBatchItemFailures()).isEmpty();
    assertThat(wired.deliver(firstTwo).getBatchItemFailures()).isEmpty();
    assertThat(pipeline.ses.sentEmails())
        .extracting(SentEmail::subject)
        .containsExactly("Welcome to Acme Starter");
    assertThat(wired.store().subscription(Story.TENANT))
        .get()
        .extracting(s -> s.status())
        .isEqualTo("trialing");
  }

  @Test
  void unhandledEventTypeIsIgnoredWithoutTouchingTheStore() {
    Pipeline.Wired wired = pipeline.wire();
    assertThat(
            wired
                .deliver(List.of(StoryEvents.event(Story.STARTER_PRODUCT_CREATED)))
                .getBatchItemFailures())
        .isEmpty();
    assertThat(wired.store().subscription(Story.TENANT)).isEmpty();
  }
}
