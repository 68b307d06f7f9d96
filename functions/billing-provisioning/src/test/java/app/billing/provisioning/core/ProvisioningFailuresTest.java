package app.billing.provisioning.core;

import static app.billing.provisioning.core.testing.StoryEvents.event;
import static app.billing.provisioning.core.testing.StoryEvents.object;
import static app.billing.provisioning.core.testing.StoryEvents.story;
import static app.billing.testkit.story.Story.CUSTOMER;
import static app.billing.testkit.story.Story.PURCHASE_CHECKOUT;
import static app.billing.testkit.story.Story.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.email.Email;
import app.billing.core.email.EmailKind;
import app.billing.core.model.AuditEntry;
import app.billing.core.model.FailedEvent;
import app.billing.core.model.Outcome;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.testing.StoryEvent;
import app.billing.provisioning.core.testing.RecordingEmailSender;
import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.testkit.story.Story;
import com.google.gson.JsonObject;
import com.stripe.model.Customer;
import org.junit.jupiter.api.Test;

/**
 * Permanent failures are recorded and acknowledged; transient ones propagate; emails never undo
 * records.
 */
class ProvisioningFailuresTest {
  private final ServiceHarness h = new ServiceHarness();

  @Test
  void aStripe404IsRecordedAsFailedAndTheCustomersLaterEventsAreApplied() {
    h.process(event(Story.TRIAL_CHECKOUT_COMPLETED));
    h.stripe.missing(PURCHASE_CHECKOUT);
    StoryEvent purchase = event(Story.CREDITS_PURCHASED);

    assertThat(h.process(purchase)).isEqualTo(Outcome.FAILED);
    assertThat(h.process(event(Story.FIRST_INVOICE_PAID))).isEqualTo(Outcome.APPLIED);

    FailedEvent failed = h.store.failedEvent(purchase.id()).orElseThrow();
    assertThat(failed.stage()).isEqualTo(FailedEvent.Stage.EVENT);
    assertThat(failed.reason()).isEqualTo("stripe_404_resource_missing");
    assertThat(failed.eventType()).isEqualTo("checkout.session.completed");
    assertThat(failed.customerId()).isEqualTo(CUSTOMER);
    assertThat(failed.tenantId()).isEqualTo(TENANT);
    assertThat(failed.payload()).isEqualTo(purchase.payload());
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(h.store.auditEntry(purchase.id()))
        .get()
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo(Outcome.FAILED);
              assertThat(a.reason()).isEqualTo("stripe_404_resource_missing");
            });
    assertThat(h.store.credits(TENANT)).isZero();
    assertThat(h.store.claimedEmailKeys()).isEmpty();
    assertThat(h.store.payments(TENANT))
        .extracting(PaymentRecord::paymentId)
        .contains(event(Story.FIRST_INVOICE_PAID).objectId())
        .doesNotContain(PURCHASE_CHECKOUT);
  }

  @Test
  void aRetryAfterTheCauseIsRemovedAppliesTheEventAndClearsItsFailure() {
    h.process(event(Story.TRIAL_CHECKOUT_COMPLETED));
    h.stripe.missing(PURCHASE_CHECKOUT);
    StoryEvent purchase = event(Story.CREDITS_PURCHASED);
    h.process(purchase);
    // Retried while Stripe still answers 404: failed again, one more attempt.
    assertThat(h.service.process(purchase.payload(), new BatchWrites(), true))
        .isEqualTo(Outcome.FAILED);
    assertThat(h.store.failedEvent(purchase.id()))
        .get()
        .extracting(FailedEvent::attempts)
        .isEqualTo(2L);

    h.stripe.restore(PURCHASE_CHECKOUT);
    BatchWrites writes = new BatchWrites();
    assertThat(h.service.process(purchase.payload(), writes, true)).isEqualTo(Outcome.APPLIED);
    h.service.writeBatch(writes);

    assertThat(h.store.failedEvent(purchase.id())).isEmpty();
    assertThat(h.store.credits(TENANT)).isEqualTo(5);
    assertThat(h.store.auditEntry(purchase.id()))
        .get()
        .extracting(AuditEntry::outcome)
        .isEqualTo(Outcome.APPLIED);
    assertThat(h.sender.kinds()).containsExactly(EmailKind.PURCHASE_RECEIPT);
  }

  @Test
  void aParkedEventThatFailsForGoodOnReplayIsRecordedAndDoesNotHoldBackTheLinkingEvent() {
    StoryEvent purchase = event(Story.CREDITS_PURCHASED);
    // The purchase arrives before the customer is linked... its session names the tenant, so strip
    // that.
    String unlinked =
        purchase.payloadWith(
            root -> {
              JsonObject session = root.getAsJsonObject("data").getAsJsonObject("object");
              session.remove("client_reference_id");
              session.remove("metadata");
            });
    assertThat(h.service.process(unlinked)).isEqualTo(Outcome.PARKED);
    h.stripe.missing(PURCHASE_CHECKOUT);

    assertThat(h.process(event(Story.TRIAL_CHECKOUT_COMPLETED))).isEqualTo(Outcome.APPLIED);

    assertThat(h.store.parked()).isEmpty();
    assertThat(h.store.failedEvent(purchase.id()))
        .get()
        .extracting(FailedEvent::reason)
        .isEqualTo("stripe_404_resource_missing");
    assertThat(h.store.linkedTenant(CUSTOMER)).contains(TENANT);
  }

  @Test
  void aTransientStripeFailureStillPropagatesSoTheMessageIsRetried() {
    ServiceHarness bare =
        new ServiceHarness(
            app.billing.provisioning.core.testing.FakeStripeGateway.fromStory(story()));
    bare.process(event(Story.TRIAL_CHECKOUT_COMPLETED));

    assertThatThrownBy(() -> bare.process(event(Story.CREDITS_PURCHASED)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(bare.store.failedEvents()).isEmpty();
  }

  // --- emails ---

  @Test
  void anEmailRejectedForGoodLeavesTheRecordAppliedAndIsRetriedByAFailedRetry() {
    h.process(event(Story.TRIAL_CHECKOUT_COMPLETED));
    h.sender.rejectNext(1);
    StoryEvent created = event(Story.TRIAL_STARTED);

    assertThat(h.process(created)).isEqualTo(Outcome.APPLIED);

    assertThat(h.store.subscription(TENANT)).map(SubscriptionRecord::status).contains("trialing");
    assertThat(h.sender.sent()).isEmpty();
    assertThat(h.store.claimedEmailKeys()).isEmpty();
    FailedEvent failed = h.store.failedEvent(created.id()).orElseThrow();
    assertThat(failed.stage()).isEqualTo(FailedEvent.Stage.EMAIL);
    assertThat(failed.emails()).containsExactly(EmailKind.WELCOME.template());
    assertThat(failed.reason()).contains("welcome", "ses_400_MessageRejected");
    assertThat(h.store.auditEntry(created.id()))
        .get()
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo(Outcome.APPLIED);
              assertThat(a.reason()).contains("welcome", "ses_400_MessageRejected");
            });

    assertThat(h.service.process(created.payload(), new BatchWrites(), true))
        .isEqualTo(Outcome.DUPLICATE);

    assertThat(h.sender.kinds()).containsExactly(EmailKind.WELCOME);
    assertThat(h.store.failedEvent(created.id())).isEmpty();
    // And never again.
    h.process(created);
    assertThat(h.sender.kinds()).containsExactly(EmailKind.WELCOME);
  }

  @Test
  void anInvalidAddressInTheEventIsNeverUsedTheAddressOnFileIs() {
    h.processAll(
        java.util.List.of(event(Story.TRIAL_CHECKOUT_COMPLETED), event(Story.TRIAL_STARTED)));
    StoryEvent paid = event(Story.FIRST_INVOICE_PAID);
    String hostile =
        paid.payloadWith(
            root ->
                root.getAsJsonObject("data")
                    .getAsJsonObject("object")
                    .addProperty("customer_email", "ada@lovelace.dev\r\nBcc: eve@evil.test"));

    assertThat(h.service.process(hostile)).isEqualTo(Outcome.APPLIED);

    assertThat(h.sender.sent())
        .filteredOn(e -> e.kind() == EmailKind.INVOICE_RECEIPT)
        .singleElement()
        .extracting(Email::to)
        .satisfies(to -> assertThat(to).doesNotContain("evil", "\r", "\n"));
    assertThat(h.store.failedEvent(paid.id())).isEmpty();
  }

  @Test
  void withNoValidAddressAnywhereTheEmailIsSkippedAndRecordedNeverSent() {
    Customer customer = object(Story.CUSTOMER_DELETED, Customer.class);
    customer.setEmail("ada@lovelace.dev, eve@evil.test");
    h.stripe.put(customer);
    h.store.setTenantBillingEmail(TENANT, "admin@tenant.test\nBcc: eve@evil.test");
    h.process(event(Story.TRIAL_CHECKOUT_COMPLETED));
    StoryEvent created = event(Story.TRIAL_STARTED);

    assertThat(h.process(created)).isEqualTo(Outcome.APPLIED);

    assertThat(h.sender.attempts()).isZero();
    assertThat(h.store.subscription(TENANT)).isPresent();
    assertThat(h.store.failedEvent(created.id()))
        .get()
        .satisfies(
            f -> {
              assertThat(f.stage()).isEqualTo(FailedEvent.Stage.EMAIL);
              assertThat(f.reason()).contains("no_valid_recipient");
            });
    assertThat(h.store.claimedEmailKeys()).isEmpty();
  }

  @Test
  void aTransientSendFailureStillFailsTheEventAfterItsRecordIsApplied() {
    h.process(event(Story.TRIAL_CHECKOUT_COMPLETED));
    h.sender.failNext(1);

    assertThatThrownBy(() -> h.process(event(Story.TRIAL_STARTED)))
        .isInstanceOf(RecordingEmailSender.SendFailedException.class);

    assertThat(h.store.subscription(TENANT)).isPresent();
    assertThat(h.store.failedEvents()).isEmpty();
  }

  // --- the sent mark ---

  @Test
  void anEmailIsMarkedSentRightAfterSendingNotAtTheBatchEnd() {
    h.process(event(Story.TRIAL_CHECKOUT_COMPLETED));
    BatchWrites writes = new BatchWrites();

    h.service.process(event(Story.TRIAL_STARTED).payload(), writes);

    String welcomeKey =
        "welcome:" + event(Story.TRIAL_STARTED).objectId() + ":" + EmailKind.WELCOME.template();
    assertThat(h.store.sentEmailKeys()).contains(welcomeKey);
    assertThat(h.store.claimedEmailKeys()).isEmpty();
    assertThat(writes.sentEmails()).isEmpty();
  }

  @Test
  void whenTheMarkFailsTheBatchEndWritesItAndTheEventIsNotFailed() {
    h.process(event(Story.TRIAL_CHECKOUT_COMPLETED));
    h.store.failNextMarks(1);
    BatchWrites writes = new BatchWrites();

    assertThat(h.service.process(event(Story.TRIAL_STARTED).payload(), writes))
        .isEqualTo(Outcome.APPLIED);
    String welcomeKey =
        "welcome:" + event(Story.TRIAL_STARTED).objectId() + ":" + EmailKind.WELCOME.template();
    assertThat(h.store.sentEmailKeys()).doesNotContain(welcomeKey);
    assertThat(writes.sentEmails()).extracting(s -> s.emailKey()).containsExactly(welcomeKey);

    h.service.writeBatch(writes);

    assertThat(h.store.sentEmailKeys()).contains(welcomeKey);
  }
}
