package app.billing.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.local.RunningStack.Response;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Usage-based billing through the local stack's HTTP API and Stripe stand-in: no metered plan is
 * 409; checkout of Pro adds its metered price as a second line item (a second subscription item, no
 * quantity); on Pro, 3 reported, the same report retried with its key, then 2 more: the period's
 * total is 5.
 */
class UsageE2ET {
  @AutoClose private static RunningStack stack;

  @BeforeAll
  static void start() {
    stack = RunningStack.start("usage", Map.of());
  }

  @Test
  void aRetriedReportIsCountedOnceInThePeriodsTotal() {
    Response early = report(3, "report-0001");
    assertThat(early.status()).as(early.body()).isEqualTo(409);
    assertThat(early.errorCode()).isEqualTo("no_metered_plan");

    String checkoutUrl = stack.checkout("{\"plan\":\"pro\"}");
    assertThat(stack.postForm(checkoutUrl + "/pay", Map.of()).status()).isEqualTo(303);
    Response synced = stack.postJsonWithKey("/billing/sync", "");
    assertThat(synced.status()).as(synced.body()).isEqualTo(200);
    assertThat(synced.object().get("plan").getAsString()).isEqualTo("pro");
    // Checkout sold the plan's metered price beside the fixed one, without a quantity.
    JsonArray items =
        stack
            .lastEvent("customer.subscription.created")
            .getAsJsonObject("data")
            .getAsJsonObject("object")
            .getAsJsonObject("items")
            .getAsJsonArray("data");
    assertThat(items).hasSize(2);
    JsonObject metered = items.get(1).getAsJsonObject();
    assertThat(metered.getAsJsonObject("price").get("id").getAsString())
        .isEqualTo("price_14K1mtSb7kQ2wLn5ProEmails");
    assertThat(
            metered
                .getAsJsonObject("price")
                .getAsJsonObject("recurring")
                .get("usage_type")
                .getAsString())
        .isEqualTo("metered");
    assertThat(metered.has("quantity")).isFalse();

    Response first = report(3, "report-0001");
    Response retry = report(3, "report-0001");
    Response second = report(2, "report-0002");
    assertThat(first.status()).as(first.body()).isEqualTo(202);
    assertThat(retry.status()).as(retry.body()).isEqualTo(202);
    assertThat(second.status()).as(second.body()).isEqualTo(202);
    assertThat(retry.object().get("identifier")).isEqualTo(first.object().get("identifier"));

    Response total = stack.getWithKey("/billing/usage?meter=emails_sent");
    assertThat(total.status()).as(total.body()).isEqualTo(200);
    assertThat(total.object().get("total").getAsLong()).isEqualTo(5);
    assertThat(total.object().get("plan").getAsString()).isEqualTo("pro");
    assertThat(total.object().get("current_period_start").getAsString())
        .isEqualTo(stack.subscription().get("current_period_start").getAsString());

    Response reused = report(4, "report-0001");
    assertThat(reused.status()).as(reused.body()).isEqualTo(409);
    assertThat(reused.errorCode()).isEqualTo("idempotency_key_reused");
    Response unknown = stack.getWithKey("/billing/usage?meter=sms_sent");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.errorCode()).isEqualTo("unknown_meter");
  }

  private static Response report(long value, String key) {
    return stack.postJsonWithKey(
        "/billing/usage",
        "{\"meter\":\"emails_sent\",\"value\":" + value + ",\"idempotency_key\":\"" + key + "\"}");
  }
}
