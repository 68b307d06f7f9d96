package app.billing.provisioning.core.recovery;

import static app.billing.provisioning.core.testing.StoryEvents.event;
import static app.billing.provisioning.core.testing.StoryEvents.object;
import static app.billing.testkit.story.Story.CUSTOMER;
import static app.billing.testkit.story.Story.SUBSCRIPTION;
import static app.billing.testkit.story.Story.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import app.billing.core.email.EmailKind;
import app.billing.core.model.EventVersion;
import app.billing.core.model.Outcome;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.port.EmailGuards;
import app.billing.core.provisioning.EmailKeys;
import app.billing.core.recovery.RefetchVersion;
import app.billing.core.testing.StoryEvent;
import app.billing.provisioning.core.Projections;
import app.billing.provisioning.core.recovery.RefetchedState.Counts;
import app.billing.provisioning.core.recovery.RefetchedState.Emails;
import app.billing.provisioning.core.testing.FakeStripeAccount;
import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.testkit.story.Story;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refetched state against live events, in every interleaving that matters: the refetch wins over
 * events created before its fetch started, loses to events created after, and a same-second event
 * is settled by fetching again, whichever reaches the store first.
 */
class RefetchedStateTest {
  /** Story events of the subscription: 14 (active) and 16 (active, later period), 09 (trialing). */
  private static final StoryEvent TRIALING = event(Story.TRIAL_STARTED);

  private static final StoryEvent ACTIVE = event(Story.TRIAL_ENDED);
  private static final StoryEvent RENEWED = event(Story.UPGRADED_TO_PRO);

  private final ServiceHarness provisioning = new ServiceHarness();
  private final FakeStripeAccount stripe = new FakeStripeAccount();
  private final SettableClock clock = new SettableClock();
  private final RefetchedState refetched =
      new RefetchedState(
          provisioning.store,
          provisioning.store,
          provisioning.store,
          stripe,
          ServiceHarness.catalog(),
          clock);

  @BeforeEach
  void linkedCustomer() {
    provisioning.store.link(CUSTOMER, TENANT, ServiceHarness.NOW);
    stripe.put(object(Story.EMAIL_CHANGED, Customer.class));
  }

  @Test
  void theVersionOfRefetchedStateIsTheSecondItsFetchStarted() {
    Instant fetch = Instant.ofEpochSecond(1_790_000_000L, 750_000_000);
    EventVersion version = RefetchVersion.of(fetch);
    assertThat(version.created()).isEqualTo(1_790_000_000L);
    assertThat(version.eventId()).isEqualTo("sync_1790000000750");
    assertThat(RefetchVersion.isRefetch(version)).isTrue();
    assertThat(RefetchVersion.isRefetch(new EventVersion(1, "evt_1"))).isFalse();
  }

  @Test
  void refetchedStateWinsOverAnEventCreatedBeforeTheFetchInEitherOrder() {
    // Event first, then the refetch (fetched after it).
    process(ACTIVE);
    stripe.put(object(RENEWED, Subscription.class));
    clock.at(RENEWED.created() + 60);
    refetched.subscriptions(TENANT, CUSTOMER);
    assertThat(stored().version()).isEqualTo(RefetchVersion.of(clock.instant()));
    assertThat(stored().planKey()).isEqualTo(projected(RENEWED).planKey());

    // The same older event delivered late: stale, the refetched state stays.
    assertThat(process(ACTIVE)).isEqualTo(Outcome.STALE);
    assertThat(process(RENEWED)).isEqualTo(Outcome.STALE);
    assertThat(stored().version()).isEqualTo(RefetchVersion.of(clock.instant()));
  }

  @Test
  void anEventCreatedAfterTheFetchWinsOverItInEitherOrder() {
    stripe.put(object(ACTIVE, Subscription.class));
    clock.at(ACTIVE.created() + 60);
    refetched.subscriptions(TENANT, CUSTOMER);
    assertThat(process(RENEWED)).isEqualTo(Outcome.APPLIED);
    assertThat(stored()).isEqualTo(projected(RENEWED));

    // Refetching the old state again (a slow, earlier-started backfill) never overwrites it.
    Counts counts = refetched.subscriptions(TENANT, CUSTOMER);
    assertThat(counts.keptNewer()).isEqualTo(1);
    assertThat(stored()).isEqualTo(projected(RENEWED));
  }

  @Test
  void aLiveEventArrivingDuringTheBackfillIsNeverOverwrittenByOlderRefetchedState() {
    process(ACTIVE);
    // The backfill's list call starts before event 16 happens, so it returns event 14's state;
    // event 16
    // is created and applied while the call is in flight.
    stripe.put(object(ACTIVE, Subscription.class)).duringNextList(() -> process(RENEWED));
    clock.at(RENEWED.created() - 1);
    Counts counts = refetched.everything(TENANT, List.of(CUSTOMER), Emails.SETTLE_PAST_WELCOMES);

    assertThat(counts.keptNewer()).isEqualTo(1);
    assertThat(stored()).isEqualTo(projected(RENEWED));
  }

  @Test
  void aSameSecondEventIsATieSettledByFetchingAgainWhicheverCameFirst() {
    // The fetch starts in the second event 16 is created; it still returns event 14's state.
    stripe
        .put(object(ACTIVE, Subscription.class))
        .duringNextList(
            () -> {
              process(RENEWED);
              stripe.put(object(RENEWED, Subscription.class)); // what Stripe answers from now on
            });
    clock.at(RENEWED.created());
    refetched.subscriptions(TENANT, CUSTOMER);
    SubscriptionRecord settled = stored();
    assertThat(settled.planKey())
        .isEqualTo(projected(RENEWED).planKey())
        .isNotEqualTo(projected(ACTIVE).planKey());
    assertThat(settled.version()).isEqualTo(RefetchVersion.of(clock.instant()));

    // And the other way round: the refetch is stored first; the same-second event ties with it and
    // provisioning settles that by fetching Stripe's current state (here the story's final state).
    assertThat(process(RENEWED)).isEqualTo(Outcome.APPLIED);
    Subscription now = provisioning.stripe.subscription(SUBSCRIPTION);
    assertThat(stored().status()).isEqualTo(now.getStatus());
    assertThat(stored().version()).isEqualTo(new EventVersion(RENEWED.created(), RENEWED.id()));
  }

  @Test
  void backfillSendsNoEmailAndAPreexistingSubscriptionIsNeverWelcomedLater() {
    stripe.put(object(ACTIVE, Subscription.class));
    clock.at(ACTIVE.created() + 60);
    Counts counts = refetched.everything(TENANT, List.of(CUSTOMER), Emails.SETTLE_PAST_WELCOMES);
    assertThat(counts.welcomesSettled()).isEqualTo(1);

    assertThat(process(RENEWED)).isEqualTo(Outcome.APPLIED);
    assertThat(process(TRIALING)).isEqualTo(Outcome.STALE);
    assertThat(provisioning.sender.kinds()).doesNotContain(EmailKind.WELCOME);
    assertThat(
            provisioning.store.claimEmail(
                EmailKeys.welcome(SUBSCRIPTION), ServiceHarness.NOW, true))
        .as("marked sent")
        .isEqualTo(EmailGuards.EmailClaim.TAKEN);
  }

  @Test
  void withoutBackfillTheSameEventWelcomes() {
    process(RENEWED);
    assertThat(provisioning.sender.kinds()).containsExactly(EmailKind.WELCOME);
  }

  @Test
  void syncedStateLeavesTheWelcomeToTheStaleEventsThatFollowAndSendsItOnce() {
    stripe.put(object(RENEWED, Subscription.class));
    clock.at(RENEWED.created() + 5);
    refetched.subscriptions(TENANT, CUSTOMER);

    assertThat(process(TRIALING)).isEqualTo(Outcome.STALE);
    assertThat(process(ACTIVE)).isEqualTo(Outcome.STALE);
    assertThat(provisioning.sender.kinds()).containsExactly(EmailKind.WELCOME);
  }

  @Test
  void backfillWritesInvoicesEntitlementsAndTheCustomerAndIsHarmlessTwice() {
    stripe
        .put(object(RENEWED, Subscription.class))
        .put(object(Story.TRIAL_INVOICE_PAID, Invoice.class))
        .put(object(Story.FIRST_INVOICE_PAID, Invoice.class))
        .putEntitlements(CUSTOMER, List.of("sso", "api_access"));
    clock.at(RENEWED.created() + 60);
    Counts first = refetched.everything(TENANT, List.of(CUSTOMER), Emails.SETTLE_PAST_WELCOMES);
    assertThat(first).isEqualTo(new Counts(1, 2, 1, 1, 0, 1, 4));
    assertThat(provisioning.store.payments(TENANT)).hasSize(2);
    assertThat(provisioning.store.entitlements(TENANT).orElseThrow().lookupKeys())
        .containsExactly("api_access", "sso");
    assertThat(provisioning.store.customer(TENANT).orElseThrow().customerId()).isEqualTo(CUSTOMER);

    Counts again = refetched.everything(TENANT, List.of(CUSTOMER), Emails.SETTLE_PAST_WELCOMES);
    assertThat(again.written()).isZero();
    assertThat(again.welcomesSettled()).isZero();
    assertThat(provisioning.sender.sent()).isEmpty();
  }

  @Test
  void everySubscriptionOfTheCustomerGetsItsOwnRecord() {
    Subscription ended = object(RENEWED, Subscription.class);
    ended.setId("sub_ended");
    ended.setStatus("canceled");
    ended.setCreated(object(RENEWED, Subscription.class).getCreated() + 1000);
    stripe.put(ended).put(object(ACTIVE, Subscription.class));
    clock.at(RENEWED.created() + 60);
    Counts counts = refetched.subscriptions(TENANT, CUSTOMER);

    assertThat(counts.subscriptions()).isEqualTo(2);
    assertThat(provisioning.store.subscriptions(TENANT))
        .extracting(SubscriptionRecord::subscriptionId, SubscriptionRecord::status)
        .containsExactlyInAnyOrder(tuple(SUBSCRIPTION, "active"), tuple("sub_ended", "canceled"));
  }

  private Outcome process(StoryEvent event) {
    return provisioning.process(event);
  }

  private SubscriptionRecord stored() {
    return provisioning.store.subscription(TENANT).orElseThrow();
  }

  private static SubscriptionRecord projected(StoryEvent event) {
    return Projections.subscription(
        TENANT,
        object(event, Subscription.class),
        ServiceHarness.catalog(),
        new EventVersion(event.created(), event.id()));
  }

  /** A clock the test sets to the instant a fetch starts. */
  private static final class SettableClock extends Clock {
    private Instant now = ServiceHarness.NOW;

    void at(long epochSecond) {
      now = Instant.ofEpochSecond(epochSecond, 500_000_000);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
