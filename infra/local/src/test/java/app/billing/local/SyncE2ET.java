package app.billing.local;

import static app.billing.local.RunningStack.status;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.local.RunningStack.Response;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code POST /billing/sync} through the local stack's HTTP API: the customer back from Checkout
 * gets the subscription refetched from Stripe (whatever the webhooks did so far), the welcome still
 * goes out exactly once, a tenant without customer gets 409 and the route is rate limited per
 * tenant.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncE2ET {
  @AutoClose private static RunningStack stack;

  @BeforeAll
  static void start() {
    stack = RunningStack.start("sync", Map.of("CHECKOUT_RATE_LIMIT", "3"));
  }

  @Test
  @Order(1)
  void syncOnReturnFromCheckoutAnswersTheSubscriptionViewAndTheWelcomeGoesOutOnce() {
    Response none = stack.postJsonWithKey("/billing/sync", "");
    assertThat(none.status()).isEqualTo(409);
    assertThat(none.errorCode()).isEqualTo("no_customer");

    String checkoutUrl = stack.checkout("{\"plan\":\"starter\"}");
    assertThat(stack.postForm(checkoutUrl + "/pay", Map.of()).status()).isEqualTo(303);
    Response synced = stack.postJsonWithKey("/billing/sync", "");

    assertThat(synced.status()).as(synced.body()).isEqualTo(200);
    JsonObject view = synced.object();
    assertThat(view.get("status").getAsString()).isIn("trialing", "active");
    assertThat(view.get("plan").getAsString()).isEqualTo("starter");
    assertThat(view.keySet()).isEqualTo(stack.subscription().keySet());

    // The webhooks arrive after (or before) the sync: versioned writes keep the newest, the welcome
    // is sent once.
    stack.awaitQueueDrained();
    RunningStack.await("the welcome email", () -> stack.emailsWithSubject("Welcome"), n -> n == 1L);
    stack.awaitSubscription(
        "still subscribed", s -> status("trialing").test(s) || status("active").test(s));
    RunningStack.sleep(1_000);
    assertThat(stack.emailsWithSubject("Welcome")).isEqualTo(1);
    assertThat(stack.dlq()).isEmpty();
  }

  @Test
  @Order(2)
  void syncIsRateLimitedPerTenant() {
    // A limit of 3 per 10 s window: 8 quick calls cannot all fit in the (at most two) windows they
    // span.
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Response response = stack.postJsonWithKey("/billing/sync", "");
      statuses.add(response.status());
      if (response.status() == 429) {
        assertThat(response.errorCode()).isEqualTo("rate_limited");
        assertThat(response.header("retry-after")).isNotNull();
      }
    }
    assertThat(statuses).contains(429);
  }
}
