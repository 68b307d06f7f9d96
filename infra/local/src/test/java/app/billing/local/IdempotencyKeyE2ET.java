package app.billing.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.local.RunningStack.Response;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A client's Idempotency-Key on checkout and portal: a retry gets the same session from Stripe. */
class IdempotencyKeyE2ET {
  @AutoClose private static RunningStack stack;

  @BeforeAll
  static void start() {
    stack = RunningStack.start("idempotency-key", Map.of());
  }

  @Test
  void aRetryWithTheSameKeyGetsTheSameSessionAndAReusedKeyOrAnotherCheckoutIs409() {
    Response first = checkout("{\"plan\":\"pro\"}", "order-7f3a");
    Response retry = checkout("{\"plan\":\"pro\"}", "order-7f3a");
    Response other = checkout("{\"plan\":\"pro\"}", "order-8b21");
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.object().get("session_id")).isEqualTo(first.object().get("session_id"));
    // Another request (another key) while that session is open: one checkout per tenant at a time.
    assertThat(other.status()).as(other.body()).isEqualTo(409);
    assertThat(other.errorCode()).isEqualTo("checkout_in_progress");

    Response reused = checkout("{\"plan\":\"starter\"}", "order-7f3a");
    assertThat(reused.status()).as(reused.body()).isEqualTo(409);
    assertThat(reused.errorCode()).isEqualTo("idempotency_key_reused");

    // Over Stripe's 255 characters (the characters refused are in IdempotencyKeysTest: HttpClient
    // sends
    // non-ASCII as '?' and the JDK's server turns a tab into a space).
    Response refused = checkout("{\"plan\":\"pro\"}", "x".repeat(256));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorCode()).isEqualTo("invalid_idempotency_key");

    // The customer exists now (the first checkout created it): the portal takes a key too.
    Response portal = portal("open-billing-1");
    Response portalRetry = portal("open-billing-1");
    Response portalOther = portal("open-billing-2");
    assertThat(portal.status()).as(portal.body()).isEqualTo(201);
    assertThat(portalRetry.object().get("portal_url")).isEqualTo(portal.object().get("portal_url"));
    assertThat(portalOther.object().get("portal_url"))
        .isNotEqualTo(portal.object().get("portal_url"));
    assertThat(portal("x".repeat(256)).status()).isEqualTo(400);
  }

  private static Response checkout(String body, String key) {
    return stack.post(
        "/billing/checkout",
        Map.of(
            "Authorization",
            "Bearer " + stack.info().apiKey(),
            "Content-Type",
            "application/json",
            "Idempotency-Key",
            key),
        body);
  }

  private static Response portal(String key) {
    return stack.post(
        "/billing/portal",
        Map.of(
            "Authorization",
            "Bearer " + stack.info().apiKey(),
            "Content-Type",
            "application/json",
            "Idempotency-Key",
            key),
        "{}");
  }
}
