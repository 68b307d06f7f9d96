package app.billing.provisioning.core;

import static app.billing.provisioning.core.testing.StoryEvents.event;
import static app.billing.provisioning.core.testing.StoryEvents.events;
import static app.billing.provisioning.core.testing.StoryEvents.object;
import static app.billing.provisioning.core.testing.StoryEvents.story;
import static app.billing.testkit.story.Story.CUSTOMER;
import static app.billing.testkit.story.Story.PURCHASE_CHECKOUT;
import static app.billing.testkit.story.Story.RENEWAL_INVOICE;
import static app.billing.testkit.story.Story.SUBSCRIPTION;
import static app.billing.testkit.story.Story.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.email.Email;
import app.billing.core.email.EmailKind;
import app.billing.core.model.AuditEntry;
import app.billing.core.model.EventVersion;
import app.billing.core.model.Outcome;
import app.billing.core.model.ParkedEvent;
import app.billing.core.model.PaymentRecord;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.testing.InMemoryBillingStore;
import app.billing.core.testing.StoryEvent;
import app.billing.provisioning.core.testing.FakeStripeGateway;
import app.billing.provisioning.core.testing.RecordingEmailSender;
import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.testkit.story.Story;
import com.stripe.model.Subscription;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvisioningServiceTest {

  private final ServiceHarness h = new ServiceHarness();

  private void processUpTo(Story last) {
    h.processAll(events(Story.between(Story.STARTER_PRODUCT_CREATED, last)));
  }

  // --- parking ---

  @Test
  void anEventBeforeTheCheckoutIsParkedAndReplayedWhenTheCheckoutLinksTheCustomer() {
    StoryEvent created = event(Story.TRIAL_STARTED);

    assertThat(h.process(created)).isEqualTo(Outcome.PARKED);

    // The subscription names the tenant only as metadata app_user_id, which is not our key.
    assertThat(h.store.linkedTenant(CUSTOMER)).isEmpty();
    assertThat(h.store.parked())
        .containsExactly(
            new ParkedEvent(
                CUSTOMER, created.id(), created.type(), created.created(), created.payload()));
    assertThat(h.store.subscription(TENANT)).isEmpty();
    assertThat(h.store.auditEntry(created.id())).isEmpty(); // no tenant to file it under yet
    assertThat(h.sender.sent()).isEmpty();

    assertThat(h.process(event(Story.TRIAL_CHECKOUT_COMPLETED))).isEqualTo(Outcome.APPLIED);

    assertThat(h.store.linkedTenant(CUSTOMER)).contains(TENANT);
    assertThat(h.store.parked()).isEmpty();
    assertThat(h.store.subscription(TENANT)).map(SubscriptionRecord::status).contains("trialing");
    assertThat(h.store.auditEntry(created.id()).orElseThrow().outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(h.sender.kinds()).containsExactly(EmailKind.WELCOME);
    // A redelivery of the replayed event is a duplicate.
    assertThat(h.process(created)).isEqualTo(Outcome.DUPLICATE);
    assertThat(h.sender.kinds()).containsExactly(EmailKind.WELCOME);
  }

  @Test
  void parkedEventsAreReplayedOldestFirst() {
    assertThat(
            h.processAll(
                List.of(
                    event(Story.CANCELED_FOR_NONPAYMENT),
                    event(Story.TRIAL_ENDED),
                    event(Story.TRIAL_STARTED),
                    event(Story.EMAIL_CHANGED))))
        .containsOnly(Outcome.PARKED);
    assertThat(h.store.parked())
        .extracting(ParkedEvent::eventId)
        .containsExactly(
            event(Story.TRIAL_STARTED).id(),
            event(Story.EMAIL_CHANGED).id(),
            event(Story.TRIAL_ENDED).id(),
            event(Story.CANCELED_FOR_NONPAYMENT).id());
    // A parked event delivered again is parked under the same key: still one.
    assertThat(h.process(event(Story.TRIAL_ENDED))).isEqualTo(Outcome.PARKED);
    assertThat(h.store.parked()).hasSize(4);

    h.process(event(Story.TRIAL_CHECKOUT_COMPLETED));

    assertThat(h.store.auditLog())
        .extracting(AuditEntry::eventId)
        .containsExactly(
            event(Story.TRIAL_CHECKOUT_COMPLETED).id(),
            event(Story.TRIAL_STARTED).id(),
            event(Story.EMAIL_CHANGED).id(),
            event(Story.TRIAL_ENDED).id(),
            event(Story.CANCELED_FOR_NONPAYMENT).id());
    assertThat(h.store.auditLog()).extracting(AuditEntry::outcome).containsOnly(Outcome.APPLIED);
    assertThat(h.store.subscription(TENANT)).map(SubscriptionRecord::status).contains("canceled");
    assertThat(h.sender.kinds()).containsExactly(EmailKind.WELCOME, EmailKind.SUBSCRIPTION_ENDED);
    assertThat(h.store.parked()).isEmpty();
  }

  @Test
  void theOneTimeCheckoutAlsoLinksTheCustomer() {
    h.process(event(Story.FIRST_INVOICE_PAID));

    assertThat(h.process(event(Story.CREDITS_PURCHASED))).isEqualTo(Outcome.APPLIED);

    assertThat(h.store.linkedTenant(CUSTOMER)).contains(TENANT);
    assertThat(h.store.payments(TENANT))
        .extracting(PaymentRecord::paymentId)
        .containsExactly(PURCHASE_CHECKOUT, event(Story.FIRST_INVOICE_PAID).objectId());
    assertThat(h.sender.kinds())
        .containsExactly(EmailKind.PURCHASE_RECEIPT, EmailKind.INVOICE_RECEIPT);
  }

  // --- (d) a failing email send ---

  @Test
  void aFailedSendPropagatesReleasesTheEventAndTheRedeliverySendsOnce() {
    processUpTo(Story.TRIAL_ENDED);
    StoryEvent paid = event(Story.FIRST_INVOICE_PAID);
    h.sender.failNext(1);

    assertThatThrownBy(() -> h.process(paid))
        .isInstanceOf(RecordingEmailSender.SendFailedException.class);

    assertThat(h.store.claimedEmailKeys()).isEmpty(); // released: the redelivery may claim it
    assertThat(h.store.sentEmailKeys()).noneMatch(k -> k.startsWith(paid.id()));
    assertThat(h.store.auditLog()).extracting(AuditEntry::eventId).doesNotContain(paid.id());
    int sentBefore = h.sender.sent().size();

    // The record was written before the send failed: the redelivery finds it and only sends the
    // email.
    assertThat(h.process(paid)).isEqualTo(Outcome.DUPLICATE);
    assertThat(h.process(paid)).isEqualTo(Outcome.DUPLICATE);

    List<Email> receipts =
        h.sender.sent().stream().filter(e -> e.kind() == EmailKind.INVOICE_RECEIPT).toList();
    assertThat(receipts).hasSize(1);
    assertThat(receipts.get(0).subject()).isEqualTo("Your Acme Cloud receipt: $19.00");
    assertThat(h.sender.sent()).hasSize(sentBefore + 1);
    assertThat(h.store.auditEntry(paid.id()).orElseThrow().outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(h.store.payments(TENANT))
        .extracting(PaymentRecord::paymentId)
        .contains(paid.objectId());
  }

  @Test
  void aFailedSendDuringAReplayKeepsTheEventParkedUntilTheRedelivery() {
    h.process(event(Story.TRIAL_STARTED)); // parked
    h.sender.failNext(1);

    assertThatThrownBy(() -> h.process(event(Story.TRIAL_CHECKOUT_COMPLETED)))
        .isInstanceOf(RecordingEmailSender.SendFailedException.class);

    // 08 itself was applied (it links the customer); its message is retried for the parked event.
    assertThat(
            h.store.auditEntry(event(Story.TRIAL_CHECKOUT_COMPLETED).id()).orElseThrow().outcome())
        .isEqualTo(Outcome.APPLIED);
    assertThat(h.store.linkedTenant(CUSTOMER)).contains(TENANT); // the link stays
    assertThat(h.store.parked())
        .extracting(ParkedEvent::eventId)
        .containsExactly(event(Story.TRIAL_STARTED).id());
    assertThat(h.sender.sent()).isEmpty();

    assertThat(h.process(event(Story.TRIAL_CHECKOUT_COMPLETED))).isEqualTo(Outcome.APPLIED);

    assertThat(h.store.parked()).isEmpty();
    assertThat(h.sender.kinds()).containsExactly(EmailKind.WELCOME);
    assertThat(h.sender.attempts()).isEqualTo(2);
    assertThat(h.store.auditEntry(event(Story.TRIAL_STARTED).id()).orElseThrow().outcome())
        .isEqualTo(Outcome.APPLIED);
  }

  @Test
  void aSecondEmailFailingDoesNotRepeatTheFirst() {
    // 09, 12 and 13 wait for the link; replaying them sends welcome (09) then trial-ending (13).
    h.processAll(
        List.of(
            event(Story.TRIAL_STARTED), event(Story.EMAIL_CHANGED), event(Story.TRIAL_WILL_END)));
    h.sender.failNext(EmailKind.TRIAL_ENDING, 1);

    assertThatThrownBy(() -> h.process(event(Story.TRIAL_CHECKOUT_COMPLETED)))
        .isInstanceOf(RecordingEmailSender.SendFailedException.class);

    assertThat(h.sender.kinds()).containsExactly(EmailKind.WELCOME);
    assertThat(h.store.parked())
        .extracting(ParkedEvent::eventId)
        .containsExactly(event(Story.TRIAL_WILL_END).id());

    assertThat(h.process(event(Story.TRIAL_CHECKOUT_COMPLETED))).isEqualTo(Outcome.APPLIED);

    assertThat(h.sender.kinds()).containsExactly(EmailKind.WELCOME, EmailKind.TRIAL_ENDING);
    assertThat(h.store.parked()).isEmpty();
    assertThat(h.store.auditLog())
        .hasSize(4)
        .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(Outcome.APPLIED));
  }

  // --- (e) unhandled types ---

  @Test
  void anUnhandledTypeIsIgnoredWithoutTouchingTheStore() {
    for (Story step : Story.between(Story.STARTER_PRODUCT_CREATED, Story.STARTER_PRICE_UPDATED)) {
      assertThat(h.process(event(step))).as(step.file()).isEqualTo(Outcome.IGNORED);
    }

    assertThat(h.store.calls()).isZero();
    assertThat(h.stripe.totalCalls()).isZero();
    assertThat(h.sender.attempts()).isZero();
  }

  // --- (f) a payload of another API version ---

  @Test
  void anEventOfAnotherApiVersionHasItsObjectRefetched() {
    h.process(event(Story.TRIAL_CHECKOUT_COMPLETED));
    StoryEvent updated = event(Story.TRIAL_ENDED);
    String oldVersion = updated.payloadWith(root -> root.addProperty("api_version", "2020-08-27"));

    assertThat(h.service.process(oldVersion)).isEqualTo(Outcome.APPLIED);

    assertThat(h.stripe.calls("subscription")).isEqualTo(1);
    // Stored from the refetched object (the fake returns Stripe's latest state: canceled, event
    // 24's),
    // under the version of the event that was processed.
    SubscriptionRecord record = h.store.subscription(TENANT).orElseThrow();
    assertThat(record.status()).isEqualTo("canceled");
    assertThat(record.cancellationReason()).isEqualTo("payment_failed");
    assertThat(record.version()).isEqualTo(new EventVersion(updated.created(), updated.id()));
  }

  @Test
  void refetchUsesWhatStripeReturns() {
    h.process(event(Story.TRIAL_CHECKOUT_COMPLETED));
    Subscription trialing = object(Story.TRIAL_STARTED, Subscription.class);
    h.stripe.put(trialing);

    h.service.process(
        event(Story.TRIAL_ENDED)
            .payloadWith(root -> root.addProperty("api_version", "2020-08-27")));

    assertThat(h.store.subscription(TENANT)).map(SubscriptionRecord::status).contains("trialing");
  }

  @Test
  void anInvoiceOrCustomerEventOfAnotherApiVersionIsRefetchedToo() {
    h.process(event(Story.TRIAL_CHECKOUT_COMPLETED));

    h.service.process(
        event(Story.FIRST_INVOICE_PAID)
            .payloadWith(root -> root.addProperty("api_version", "2020-08-27")));
    h.service.process(
        event(Story.EMAIL_CHANGED)
            .payloadWith(root -> root.addProperty("api_version", "2020-08-27")));

    assertThat(h.stripe.calls("invoice")).isEqualTo(1);
    assertThat(h.stripe.calls("customer")).isEqualTo(1);
    assertThat(h.store.payments(TENANT))
        .extracting(PaymentRecord::paymentId)
        .contains(event(Story.FIRST_INVOICE_PAID).objectId());
  }

  @Test
  void anEntitlementSummaryOfAnotherApiVersionCannotBeRefetchedAndIsRecordedAsFailed() {
    h.process(event(Story.TRIAL_CHECKOUT_COMPLETED));
    StoryEvent summary = event(Story.PRO_ENTITLEMENTS_GRANTED);

    assertThat(
            h.service.process(
                summary.payloadWith(root -> root.addProperty("api_version", "2020-08-27"))))
        .isEqualTo(Outcome.FAILED);

    assertThat(h.store.failedEvent(summary.id()))
        .get()
        .satisfies(
            f -> {
              assertThat(f.reason()).isEqualTo("unreadable_payload");
              assertThat(f.tenantId()).isEqualTo(TENANT);
            });
    assertThat(h.store.auditEntry(summary.id()))
        .get()
        .extracting(AuditEntry::outcome)
        .isEqualTo(Outcome.FAILED);
    assertThat(h.store.entitlements(TENANT)).isEmpty();
  }

  // --- ties settled by refetching ---

  @Test
  void theRenewalInvoiceTieIsSettledByRefetchingTheInvoice() {
    processUpTo(Story.RENEWED);

    assertThat(h.process(event(Story.RENEWAL_PAYMENT_FAILED))).isEqualTo(Outcome.APPLIED);
    assertThat(h.stripe.calls("invoice")).isZero();
    assertThat(h.process(event(Story.RENEWAL_NEEDS_ACTION)))
        .isEqualTo(Outcome.APPLIED); // same second, same invoice: a tie

    assertThat(h.stripe.calls("invoice")).isEqualTo(1);
    PaymentRecord renewal = h.store.payments(TENANT).get(0);
    assertThat(renewal.paymentId()).isEqualTo(RENEWAL_INVOICE);
    assertThat(renewal.status()).isEqualTo("open");
    assertThat(renewal.version())
        .isEqualTo(
            new EventVersion(
                event(Story.RENEWAL_NEEDS_ACTION).created(),
                event(Story.RENEWAL_NEEDS_ACTION).id()));
    assertThat(h.sender.kinds())
        .endsWith(EmailKind.PAYMENT_FAILED, EmailKind.PAYMENT_ACTION_REQUIRED);
  }

  @Test
  void anEntitlementsTieIsSettledByAskingStripeForTheActiveEntitlements() {
    processUpTo(Story.PRO_ENTITLEMENTS_GRANTED);
    StoryEvent summary = event(Story.PRO_ENTITLEMENTS_GRANTED);
    h.stripe.putEntitlements(CUSTOMER, List.of("priority_support", "core_app"));

    String sameSecond =
        summary.payloadWith(root -> root.addProperty("id", "evt_sameSecondAsSeventeen"));
    assertThat(h.service.process(sameSecond)).isEqualTo(Outcome.APPLIED);

    assertThat(h.stripe.calls("activeEntitlementLookupKeys")).isEqualTo(1);
    assertThat(h.store.entitlements(TENANT).orElseThrow().lookupKeys())
        .containsExactly("core_app", "priority_support");
  }

  @Test
  void aPurchaseTieIsSettledByRefetchingTheSessionAndCreditsAreGrantedOnce() {
    processUpTo(Story.CREDITS_PURCHASED);

    String sameSecond =
        event(Story.CREDITS_PURCHASED)
            .payloadWith(root -> root.addProperty("id", "evt_sameSecondAsEighteen"));
    assertThat(h.service.process(sameSecond)).isEqualTo(Outcome.APPLIED);

    assertThat(h.stripe.calls("checkoutSession")).isEqualTo(1);
    assertThat(h.store.credits(TENANT)).isEqualTo(5);
    assertThat(h.sender.kinds()).filteredOn(k -> k == EmailKind.PURCHASE_RECEIPT).hasSize(1);
  }

  // --- round trips ---

  @Test
  void aCustomerAlreadyResolvedCostsOneRecordWriteAndOneAuditWrite() {
    processUpTo(Story.STARTER_ENTITLEMENTS_GRANTED);
    int before = h.store.calls();

    assertThat(h.process(event(Story.EMAIL_CHANGED)))
        .isEqualTo(Outcome.APPLIED); // customer.updated, no email

    // No lookup (the container knows the tenant), no ledger: the versioned write and the audit
    // entry.
    assertThat(h.store.calls() - before).isEqualTo(2);
  }

  @Test
  void aWelcomeAlreadySentIsNotClaimedAgainByTheSameContainer() {
    processUpTo(Story.TRIAL_WILL_END); // TRIAL_STARTED sent the welcome
    int before = h.store.calls();

    assertThat(h.process(event(Story.TRIAL_ENDED)))
        .isEqualTo(Outcome.APPLIED); // still trialing: the welcome is due again

    assertThat(h.store.calls() - before).isEqualTo(2); // the record write and the batch write
    assertThat(h.sender.kinds()).containsOnlyOnce(EmailKind.WELCOME);
  }

  @Test
  void aBatchWritesTheAuditEntriesOfAllItsEventsInOneCall() {
    processUpTo(Story.TRIAL_INVOICE_PAID);
    int before = h.store.calls();
    BatchWrites writes = new BatchWrites();

    // entitlements, customer, entitlements: no email
    for (Story step :
        List.of(
            Story.STARTER_ENTITLEMENTS_GRANTED,
            Story.EMAIL_CHANGED,
            Story.PRO_ENTITLEMENTS_GRANTED)) {
      h.service.process(event(step).payload(), writes);
    }
    h.service.writeBatch(writes);

    assertThat(writes.auditEntries())
        .extracting(AuditEntry::eventId)
        .containsExactly(
            event(Story.STARTER_ENTITLEMENTS_GRANTED).id(),
            event(Story.EMAIL_CHANGED).id(),
            event(Story.PRO_ENTITLEMENTS_GRANTED).id());
    assertThat(h.store.calls() - before).isEqualTo(3 + 1);
    assertThat(h.store.auditEntry(event(Story.PRO_ENTITLEMENTS_GRANTED).id())).isPresent();
  }

  // --- email claims ---

  @Test
  void anEmailAnotherConsumerIsSendingIsNotSentAgain() {
    processUpTo(Story.TRIAL_CHECKOUT_COMPLETED);
    StoryEvent created = event(Story.TRIAL_STARTED);
    String welcomeKey = "welcome:" + created.objectId() + ":" + EmailKind.WELCOME.template();
    h.store.claimEmail(welcomeKey, ServiceHarness.NOW.minusSeconds(60), true);

    assertThat(h.process(created)).isEqualTo(Outcome.APPLIED);

    assertThat(h.store.subscription(TENANT)).map(SubscriptionRecord::status).contains("trialing");
    assertThat(h.sender.sent()).isEmpty();
  }

  @Test
  void anEmailClaimWhoseLeaseExpiredIsTakenOver() {
    processUpTo(Story.TRIAL_CHECKOUT_COMPLETED);
    StoryEvent created = event(Story.TRIAL_STARTED);
    String welcomeKey = "welcome:" + created.objectId() + ":" + EmailKind.WELCOME.template();
    h.store.claimEmail(
        welcomeKey,
        ServiceHarness.NOW.minus(InMemoryBillingStore.DEFAULT_LEASE).minusSeconds(1),
        true);

    assertThat(h.process(created)).isEqualTo(Outcome.APPLIED);

    assertThat(h.sender.kinds()).containsExactly(EmailKind.WELCOME);
    assertThat(h.store.sentEmailKeys()).contains(welcomeKey);
  }

  @Test
  void aBodyThatIsNotAStripeEventIsRecordedAsFailedAndTouchesNoRecord() {
    assertThat(h.service.process("{\"hello\": \"world\"}")).isEqualTo(Outcome.FAILED);
    assertThat(h.service.process("not json")).isEqualTo(Outcome.FAILED);
    assertThat(h.service.process("not json"))
        .isEqualTo(Outcome.FAILED); // redelivered: the same item

    assertThat(h.store.failedEvents())
        .hasSize(2)
        .allSatisfy(
            f -> {
              assertThat(f.eventId()).startsWith("unreadable-");
              assertThat(f.reason()).isEqualTo("unreadable_payload");
            });
    assertThat(h.store.failedEvents())
        .extracting(f -> f.attempts())
        .containsExactlyInAnyOrder(1L, 2L);
    assertThat(h.store.calls()).isEqualTo(3); // the three failure records, nothing else
  }

  @Test
  void aFailingStripeReadLeavesNothingHalfDone() {
    // No price ids known for the one-time session: the fake answers like a 404.
    ServiceHarness bare = new ServiceHarness(FakeStripeGateway.fromStory(story()));

    assertThatThrownBy(() -> bare.process(event(Story.CREDITS_PURCHASED)))
        .isInstanceOf(IllegalStateException.class);

    assertThat(bare.store.auditEntry(event(Story.CREDITS_PURCHASED).id())).isEmpty();
    assertThat(bare.store.claimedEmailKeys()).isEmpty();
    assertThat(bare.store.credits(TENANT)).isZero();
  }

  @Test
  void theTenantsBillingEmailIsTheLastResortRecipient() {
    // Stripe's customer has no email: the welcome goes to the address the tenant was created with.
    FakeStripeGateway stripe = FakeStripeGateway.fromStory(story());
    com.stripe.model.Customer customer =
        object(Story.CUSTOMER_DELETED, com.stripe.model.Customer.class);
    customer.setEmail(null);
    stripe.put(customer);
    ServiceHarness noEmail = new ServiceHarness(stripe);
    noEmail.store.setTenantBillingEmail(TENANT, "admin@tenant.test");

    noEmail.processAll(List.of(event(Story.TRIAL_CHECKOUT_COMPLETED), event(Story.TRIAL_STARTED)));

    assertThat(noEmail.sender.sent())
        .extracting(Email::kind, Email::to)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple(EmailKind.WELCOME, "admin@tenant.test"));
  }

  @Test
  void noRecipientAtAllSkipsTheEmailWithoutFailing() {
    FakeStripeGateway stripe = FakeStripeGateway.fromStory(story());
    com.stripe.model.Customer customer =
        object(Story.CUSTOMER_DELETED, com.stripe.model.Customer.class);
    customer.setEmail(null);
    stripe.put(customer);
    ServiceHarness noEmail = new ServiceHarness(stripe);

    assertThat(
            noEmail.processAll(
                List.of(event(Story.TRIAL_CHECKOUT_COMPLETED), event(Story.TRIAL_STARTED))))
        .containsOnly(Outcome.APPLIED);

    assertThat(noEmail.sender.attempts()).isZero();
  }

  @Test
  void theSubscriptionRecordIsForTheStorysSubscription() {
    processUpTo(Story.TRIAL_STARTED);
    assertThat(h.store.subscription(TENANT))
        .map(SubscriptionRecord::subscriptionId)
        .contains(SUBSCRIPTION);
  }
}
