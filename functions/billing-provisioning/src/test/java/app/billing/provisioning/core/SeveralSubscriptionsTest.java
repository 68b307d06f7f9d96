package app.billing.provisioning.core;

import static app.billing.provisioning.core.testing.StoryEvents.event;
import static app.billing.provisioning.core.testing.StoryEvents.events;
import static app.billing.testkit.story.Story.SUBSCRIPTION;
import static app.billing.testkit.story.Story.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import app.billing.core.access.AccessPolicy;
import app.billing.core.account.AccountService;
import app.billing.core.account.SubscriptionView;
import app.billing.core.email.EmailKind;
import app.billing.core.port.PaymentHistory;
import app.billing.provisioning.core.testing.ServiceHarness;
import app.billing.testkit.story.Story;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A tenant with two live subscriptions (the story's Pro one, and a Starter one added in the
 * Dashboard), then the Pro one canceled: access stays full through the Starter one, and the view
 * lists both, in every delivery order of the three subscription events and with each delivered
 * twice.
 */
class SeveralSubscriptionsTest {
  static final String SECOND = "sub_2DashboardStarter0001";

  /** The Pro subscription renewed (active). */
  static final String PRO_RENEWED = event(Story.RENEWED).payload();

  /** The Pro subscription canceled; the newest of the three events. */
  static final String PRO_CANCELED = event(Story.CANCELED_FOR_NONPAYMENT).payload();

  /** A second subscription, Starter, active; created between the other two events. */
  static final String STARTER_ADDED =
      event(Story.RENEWED)
          .payloadWith(
              root -> {
                root.addProperty("id", "evt_2DashboardStarterCreated");
                root.addProperty("type", "customer.subscription.created");
                root.addProperty("created", 1_792_500_000L);
                JsonObject sub = root.getAsJsonObject("data").getAsJsonObject("object");
                sub.addProperty("id", SECOND);
                JsonObject item =
                    sub.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject();
                item.addProperty("id", "si_2DashboardStarter");
                item.addProperty("subscription", SECOND);
                item.getAsJsonObject("price").addProperty("id", Story.STARTER_MONTHLY_PRICE);
                item.getAsJsonObject("plan").addProperty("id", Story.STARTER_MONTHLY_PRICE);
                root.getAsJsonObject("data").remove("previous_attributes");
              });

  static Stream<List<String>> deliveries() {
    List<List<String>> orders = new ArrayList<>();
    permute(new ArrayList<>(List.of(PRO_RENEWED, STARTER_ADDED, PRO_CANCELED)), 0, orders);
    return orders.stream()
        .map(
            order -> {
              // each event twice: the whole order, then again backwards
              List<String> twice = new ArrayList<>(order);
              twice.addAll(order.reversed());
              return twice;
            });
  }

  @ParameterizedTest
  @MethodSource("deliveries")
  void accessStaysFullAndBothAreListedInEveryOrder(List<String> delivery) {
    ServiceHarness h = new ServiceHarness();
    h.processAll(events(Story.between(Story.STARTER_PRODUCT_CREATED, Story.CREDITS_PURCHASED)));

    int welcomesBefore = welcomes(h);

    delivery.forEach(h.service::process);

    SubscriptionView view = account(h).subscription(TENANT);
    assertThat(view.access()).isEqualTo("full");
    assertThat(view.status()).isEqualTo("active");
    assertThat(view.plan()).isEqualTo("starter");
    assertThat(view.subscriptions())
        .extracting(SubscriptionView.Item::id, SubscriptionView.Item::status, i -> i.access())
        .containsExactly(tuple(SUBSCRIPTION, "canceled", "none"), tuple(SECOND, "active", "full"));
    assertThat(h.sender.kinds()).filteredOn(k -> k == EmailKind.SUBSCRIPTION_ENDED).hasSize(1);
    // the second subscription is welcomed once, whatever the order
    assertThat(welcomes(h)).isEqualTo(welcomesBefore + 1);
  }

  private static int welcomes(ServiceHarness h) {
    return (int) h.sender.kinds().stream().filter(k -> k == EmailKind.WELCOME).count();
  }

  private static AccountService account(ServiceHarness h) {
    PaymentHistory none =
        (tenant, limit, cursor) -> new PaymentHistory.Page(List.of(), Optional.empty());
    return new AccountService(
        h.store,
        h.store,
        none,
        ServiceHarness.catalog(),
        new AccessPolicy(AccessPolicy.DEFAULT_PAST_DUE_GRACE),
        h.clock);
  }

  private static void permute(List<String> items, int from, List<List<String>> out) {
    if (from == items.size()) {
      out.add(List.copyOf(items));
      return;
    }
    for (int i = from; i < items.size(); i++) {
      java.util.Collections.swap(items, from, i);
      permute(items, from + 1, out);
      java.util.Collections.swap(items, from, i);
    }
  }
}
