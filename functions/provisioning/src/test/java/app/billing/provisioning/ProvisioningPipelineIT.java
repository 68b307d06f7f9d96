package app.billing.provisioning;

import static app.billing.testkit.story.Story.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.model.EventVersion;
import app.billing.core.model.PaymentRecord;
import app.billing.core.testdata.PaymentRecords;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.provisioning.StoryEvents.StoryEvent;
import app.billing.testkit.EmbeddedSqs;
import app.billing.testkit.SesStandIn.SentEmail;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The fixture story through SQS, provisioning, DynamoDB (dynalite) and SES, in every order that
 * matters.
 */
class ProvisioningPipelineIT extends PipelineTestSupport {
  /** What the story must leave behind, whatever the order (see README of the fixtures). */
  static final List<String> STORY_EMAILS =
      List.of(
          "Welcome to Acme Starter",
          "Your Acme trial ends on September 15, 2026",
          "Your Acme receipt: $19.00",
          "Receipt for Onboarding workshop: $299.00",
          "Action required to complete your $74.00 payment",
          "Payment of $74.00 failed: please update your card",
          "Your Acme subscription has ended");

  @Test
  void storyInOrderThroughTheQueueGivesTheFinalRecordsAndExactlyTheExpectedEmails()
      throws Exception {
    Pipeline.Wired wired = pipeline.wire();
    EmbeddedSqs.Queues queues =
        pipeline.sqs.createFifoQueueWithDlq("story-in-order.fifo", "story-in-order-dlq.fifo", 5, 5);
    for (StoryEvent event : StoryEvents.handled()) {
      pipeline.send(queues.queueUrl(), event, event.id());
    }
    pipeline.drain(wired, queues.queueUrl());

    Snapshot snapshot = Snapshot.of(wired.store());
    assertThat(snapshot.subscriptionStatus()).isEqualTo("canceled");
    assertThat(snapshot.planKey()).isEqualTo("pro");
    assertThat(snapshot.cancellationReason()).isEqualTo("payment_failed");
    assertThat(snapshot.payments())
        .extracting(p -> p.paymentId() + ":" + p.status())
        .containsExactly(
            "in_1plsy9Sb7kQ2wLn5JjcU8pZL:open",
            "cs_test_a1eH2EQrk2NxSAyAscvcTEoBBIJpAumWGq6HSCllU7XQH04siu:paid",
            "in_1EdOa0Sb7kQ2wLn5qNYRnupO:paid",
            "in_1iABvdSb7kQ2wLn5zGfewdWe:paid");
    assertThat(snapshot.credits()).isEqualTo(5);
    assertThat(snapshot.entitlements()).isEmpty();
    assertThat(snapshot.customerDeleted()).isTrue();
    assertThat(pipeline.ses.sentEmails())
        .extracting(SentEmail::subject)
        .containsExactlyElementsOf(STORY_EMAILS);
    assertThat(pipeline.ses.sentEmails())
        .allSatisfy(
            email -> {
              assertThat(email.from()).isEqualTo("Acme Billing <billing@acme.test>");
              assertThat(email.replyTo()).containsExactly("support@acme.test");
              assertThat(email.text()).isNotBlank();
              assertThat(email.html()).contains("<html");
            });
    assertThat(pipeline.sqs.client().receiveMessage(r -> r.queueUrl(queues.dlqUrl())).messages())
        .isEmpty();
  }

  @Test
  void reversedAndFiftyRandomOrdersGiveTheSameRecords() {
    Snapshot expected = runInOrder(StoryEvents.handled());
    List<StoryEvent> reversed = new ArrayList<>(StoryEvents.handled());
    Collections.reverse(reversed);
    assertThat(runInOrder(reversed)).as("reversed").isEqualTo(expected);
    for (int seed = 1; seed <= 50; seed++) {
      List<StoryEvent> shuffled = new ArrayList<>(StoryEvents.handled());
      Collections.shuffle(shuffled, new Random(seed));
      assertThat(runInOrder(shuffled)).as("seed %d", seed).isEqualTo(expected);
    }
  }

  @Test
  void everyEventDeliveredThreeTimesAlsoConcurrentlyChangesNothingAndSendsNoDuplicateEmail()
      throws Exception {
    Snapshot expected = runInOrder(StoryEvents.handled());
    pipeline.ses.reset();

    Pipeline.Wired wired = pipeline.wire();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (StoryEvent event : StoryEvents.handled()) {
        // Three consumers get the same event at once: one versioned write wins, the others find the
        // event already stored (SAME); each email is claimed by exactly one of them.
        List<CompletableFuture<Void>> deliveries = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
          deliveries.add(
              CompletableFuture.runAsync(() -> deliverUntilAccepted(wired, event), pool));
        }
        CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(Snapshot.of(wired.store())).isEqualTo(expected);
    assertThat(pipeline.ses.sentEmails())
        .extracting(SentEmail::subject)
        .containsExactlyInAnyOrderElementsOf(STORY_EMAILS);
  }

  private static void deliverUntilAccepted(Pipeline.Wired wired, StoryEvent event) {
    for (int attempt = 0; attempt < 50; attempt++) {
      if (wired.deliver(List.of(event)).getBatchItemFailures().isEmpty()) {
        return;
      }
      sleep(20);
    }
    throw new AssertionError("event " + event.id() + " never accepted");
  }

  private Snapshot runInOrder(List<StoryEvent> events) {
    Pipeline.Wired wired = pipeline.wire();
    assertThat(wired.deliver(events).getBatchItemFailures()).isEmpty();
    return Snapshot.of(wired.store());
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The records a tenant ends with. Versions keep their {@code created} only: when two events of
   * the same second tie, either may be the one recorded, with the same refetched state.
   */
  record Snapshot(
      String subscriptionStatus,
      String planKey,
      String cancellationReason,
      Object subscription,
      List<PaymentRecord> payments,
      List<String> entitlements,
      boolean customerDeleted,
      Object customer,
      long credits) {

    static Snapshot of(DynamoBillingStore store) {
      var sub = store.subscription(TENANT).orElseThrow();
      var customer = store.customer(TENANT).orElseThrow();
      return new Snapshot(
          sub.status(),
          sub.planKey(),
          sub.cancellationReason(),
          new app.billing.core.model.SubscriptionRecord(
              sub.tenantId(),
              sub.customerId(),
              sub.subscriptionId(),
              sub.status(),
              sub.planKey(),
              sub.priceId(),
              sub.billingCycle(),
              sub.quantity(),
              sub.currentPeriodStart(),
              sub.currentPeriodEnd(),
              sub.trialEnd(),
              sub.cancelAtPeriodEnd(),
              sub.cancelAt(),
              sub.canceledAt(),
              sub.endedAt(),
              sub.cancellationReason(),
              sub.pastDueSince(),
              created(sub.version())),
          store.payments(TENANT).stream()
              .map(
                  p ->
                      PaymentRecords.ofKind(p.kind())
                          .tenant(p.tenantId())
                          .id(p.paymentId())
                          .customer(p.customerId())
                          .amount(p.amount())
                          .amountPaid(p.amountPaid())
                          .currency(p.currency())
                          .status(p.status())
                          .description(p.description())
                          .created(p.created())
                          .hostedUrl(p.hostedUrl())
                          .pdfUrl(p.pdfUrl())
                          .billingReason(p.billingReason())
                          .subscription(p.subscriptionId())
                          .catalogKey(p.catalogKey())
                          .version(created(p.version()))
                          .build())
              .toList(),
          store.entitlements(TENANT).orElseThrow().lookupKeys(),
          customer.deleted(),
          new app.billing.core.model.CustomerRecord(
              customer.tenantId(),
              customer.customerId(),
              customer.email(),
              customer.name(),
              customer.delinquent(),
              customer.deleted(),
              created(customer.version())),
          store.credits(TENANT));
    }

    private static EventVersion created(EventVersion version) {
      return new EventVersion(version.created(), null);
    }
  }
}
