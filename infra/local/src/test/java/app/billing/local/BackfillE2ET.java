package app.billing.local;

import static app.billing.local.RecoveryFixtures.adminOk;
import static app.billing.local.RecoveryFixtures.content;
import static app.billing.local.RunningStack.status;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.catalog.Catalog;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.port.EmailGuards;
import app.billing.core.provisioning.EmailKeys;
import app.billing.core.recovery.RefetchVersion;
import app.billing.core.tenant.TenantProfile;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.local.RecoveryFixtures.AdminRun;
import app.billing.provisioning.core.recovery.RefetchedState;
import app.billing.stripe.StripeAccountAdapter;
import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Subscription;
import com.stripe.param.SubscriptionUpdateParams;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Backfill through the running local stack: the demo tenant's story runs through the webhooks as
 * usual; then {@code bin/admin backfill} writes the same tenant into a table that never saw an
 * event (only Stripe's current state, found through the customer search), and a live event arriving
 * while a backfill is in flight is never overwritten by the older state it fetched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackfillE2ET {
  private static final String FRESH_TABLE = "billing-backfilled";

  @AutoClose private static RunningStack stack;
  @AutoClose private static DynamoDbClient dynamo;
  private static StripeClient stripe;
  private static StackEndpoints endpoints;
  private static String tenantId;

  @BeforeAll
  static void start() {
    stack = RunningStack.start("backfill", Map.of());
    endpoints = StackEndpoints.of(stack);
    dynamo = RecoveryFixtures.dynamo(endpoints);
    stripe = RecoveryFixtures.stripe(endpoints);
    tenantId = stack.info().tenantId();
  }

  @Test
  @Order(1)
  void backfillIntoATableThatSawNoEventGivesTheRecordsOfTheEventStory() {
    // The event story: Checkout, Pay, and the webhooks provision subscription, invoice,
    // entitlements.
    assertThat(stack.postForm(stack.checkout("{\"plan\":\"pro\"}") + "/pay", Map.of()).status())
        .isEqualTo(303);
    stack.awaitSubscription(
        "active with entitlements",
        s -> status("active").test(s) && !s.getAsJsonArray("entitlements").isEmpty());
    stack.awaitQueueDrained();
    DynamoBillingStore story = new DynamoBillingStore(dynamo, LocalStack.TABLE_NAME);
    SubscriptionRecord told = story.subscription(tenantId).orElseThrow();
    assertThat(story.payments(tenantId)).isNotEmpty();

    // A table with only the tenant: no customer on its profile, no link, no record. Stripe knows
    // the
    // customer through the metadata our checkout set, which the Search API finds.
    BillingTable.createIfMissing(dynamo, FRESH_TABLE);
    TenantProfile profile =
        new DynamoTenantStore(dynamo, LocalStack.TABLE_NAME).tenant(tenantId).orElseThrow();
    new DynamoTenantStore(dynamo, FRESH_TABLE)
        .createTenant(
            new TenantProfile(
                tenantId, profile.name(), profile.billingEmail(), null, profile.createdAt()));
    long emailsBefore = stack.emails().size();

    AdminRun run = adminOk(endpoints, dynamo, FRESH_TABLE, "backfill", "--tenant", tenantId);

    assertThat(run.out())
        .contains(
            "tenant " + tenantId + "  customers " + told.customerId(),
            "written: 1 subscription, 1 payments, 1 entitlements, 1 customer",
            "welcomes marked sent: 1");
    DynamoBillingStore backfilled = new DynamoBillingStore(dynamo, FRESH_TABLE);
    assertThat(content(backfilled.subscription(tenantId).orElseThrow())).isEqualTo(content(told));
    assertThat(RefetchVersion.isRefetch(backfilled.subscription(tenantId).orElseThrow().version()))
        .isTrue();
    assertThat(content(backfilled.payments(tenantId))).isEqualTo(content(story.payments(tenantId)));
    assertThat(backfilled.entitlements(tenantId).orElseThrow().lookupKeys())
        .isEqualTo(story.entitlements(tenantId).orElseThrow().lookupKeys());
    assertThat(backfilled.customer(tenantId).orElseThrow().email())
        .isEqualTo(profile.billingEmail());
    assertThat(backfilled.lookup(told.customerId()).tenantId())
        .as("found by search, then linked")
        .contains(tenantId);
    // No email of the past; a later event of this subscription will not welcome it again.
    assertThat(stack.emails().size()).isEqualTo(emailsBefore);
    assertThat(backfilled.claimEmail(EmailKeys.welcome(told.subscriptionId()), Instant.now(), true))
        .isEqualTo(EmailGuards.EmailClaim.TAKEN);

    // Every tenant at once, again: the same content, nothing lost.
    AdminRun all = adminOk(endpoints, dynamo, FRESH_TABLE, "backfill", "--all");
    assertThat(all.out()).contains("Backfilled 1 tenant(s)");
    assertThat(content(backfilled.subscription(tenantId).orElseThrow())).isEqualTo(content(told));
  }

  @Test
  @Order(2)
  void aLiveEventArrivingDuringTheBackfillIsNeverOverwrittenByTheOlderStateItFetched()
      throws Exception {
    DynamoBillingStore store = new DynamoBillingStore(dynamo, LocalStack.TABLE_NAME);
    SubscriptionRecord before = store.subscription(tenantId).orElseThrow();
    assertThat(before.cancelAtPeriodEnd()).isFalse();
    // The list call returns, then, before the backfill writes what it fetched, the customer
    // schedules
    // the cancellation in Stripe and the webhook provisions it.
    StripeAccountAdapter real = new StripeAccountAdapter(stripe);
    StripeAccountAdapterDuring interleaved =
        new StripeAccountAdapterDuring(
            real,
            () -> {
              update(
                  before.subscriptionId(),
                  SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).build());
              stack.awaitSubscription(
                  "cancellation provisioned", s -> s.get("cancel_at_period_end").getAsBoolean());
            });
    RefetchedState refetched =
        new RefetchedState(
            store,
            store,
            store,
            interleaved,
            Catalog.fromResource("catalog.json"),
            Clock.systemUTC());

    RefetchedState.Counts counts = refetched.subscriptions(tenantId, before.customerId());

    SubscriptionRecord after = store.subscription(tenantId).orElseThrow();
    assertThat(after.cancelAtPeriodEnd()).as("the live event's state stays").isTrue();
    // Kept (the event is newer than the fetch) or, in the same second, a tie settled by fetching
    // again.
    assertThat(counts.keptNewer() + counts.stripeCalls()).isGreaterThanOrEqualTo(1);
    JsonObject view = stack.subscription();
    assertThat(view.get("cancel_at_period_end").getAsBoolean()).isTrue();

    // A whole backfill afterwards fetches the new state: still scheduled.
    adminOk(endpoints, dynamo, LocalStack.TABLE_NAME, "backfill", "--tenant", tenantId);
    assertThat(store.subscription(tenantId).orElseThrow().cancelAtPeriodEnd()).isTrue();
    stack.awaitQueueDrained();
    assertThat(stack.dlq()).isEmpty();
  }

  private static void update(String subscriptionId, SubscriptionUpdateParams params) {
    try {
      Subscription updated = stripe.v1().subscriptions().update(subscriptionId, params);
      assertThat(updated.getCancelAtPeriodEnd()).isTrue();
    } catch (StripeException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The real adapter, with an action run after a subscription list returned and before its caller
   * goes on.
   */
  private static final class StripeAccountAdapterDuring
      implements app.billing.provisioning.core.port.StripeAccountReads {
    private final StripeAccountAdapter real;
    private Runnable afterNextList;

    StripeAccountAdapterDuring(StripeAccountAdapter real, Runnable afterNextList) {
      this.real = real;
      this.afterNextList = afterNextList;
    }

    @Override
    public List<Subscription> subscriptions(String customerId) {
      List<Subscription> listed = real.subscriptions(customerId);
      Runnable action = afterNextList;
      afterNextList = null;
      if (action != null) {
        action.run();
      }
      return listed;
    }

    @Override
    public List<com.stripe.model.Invoice> invoices(String customerId) {
      return real.invoices(customerId);
    }

    @Override
    public List<String> activeEntitlementLookupKeys(String customerId) {
      return real.activeEntitlementLookupKeys(customerId);
    }

    @Override
    public com.stripe.model.Customer customer(String customerId) {
      return real.customer(customerId);
    }

    @Override
    public Subscription subscription(String subscriptionId) {
      return real.subscription(subscriptionId);
    }

    @Override
    public com.stripe.model.Invoice invoice(String invoiceId) {
      return real.invoice(invoiceId);
    }

    @Override
    public List<com.stripe.model.Customer> customersOfTenant(String tenantId) {
      return real.customersOfTenant(tenantId);
    }

    @Override
    public List<com.stripe.model.Customer> customersWithTenant() {
      return real.customersWithTenant();
    }
  }
}
